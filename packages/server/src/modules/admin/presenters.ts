import type { AdminUser, AuditEntry } from '@natter/protocol';
import type { UserRow } from '../../db/schema';
import { presentUserRef } from '../accounts/presenters';
import type { AuditRow } from './queries';

export function presentAdminUser(row: UserRow): AdminUser {
  return {
    id: row.id,
    username: row.username,
    isAdmin: row.is_admin === 1,
    bannedAt: row.banned_at,
    deleted: row.deleted_at !== null,
    createdAt: row.created_at,
  };
}

export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor: presentUserRef({ id: row.actor_id, username: row.actor_username, deleted_at: row.actor_deleted_at }),
    action: row.action,
    targetUser: row.target_user_id && row.target_username !== null
      ? presentUserRef({ id: row.target_user_id, username: row.target_username, deleted_at: row.target_deleted_at })
      : null,
    targetId: row.target_id,
    detail: row.detail,
    createdAt: row.created_at,
  };
}
