import type { Me, UserRef } from '@natter/protocol';
import type { UserRow } from '../../db/schema';

export function presentMe(row: UserRow): Me {
  return {
    id: row.id,
    username: row.username,
    createdAt: row.created_at,
    isAdmin: row.is_admin === 1,
    email: row.email,
    emailVerified: row.email_verified === 1,
    pendingEmail: row.pending_email,
  };
}

/** A deleted account keeps its id (old messages still point at it) but no longer shows its name. */
export function presentUserRef(row: { id: string; username: string; deleted_at: number | null }): UserRef {
  return row.deleted_at === null ? { id: row.id, username: row.username } : { id: row.id, username: '', deleted: true };
}
