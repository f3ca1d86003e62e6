import type { Contact, FriendRequest } from '@natter/protocol';
import type { AppContext } from '../../context';
import { presentUserRef } from '../accounts/presenters';
import type { FriendRow, RequestRow } from './queries';

export function presentContact(ctx: AppContext, row: FriendRow): Contact {
  const online = ctx.presence.isOnline(row.id);
  return {
    user: presentUserRef(row),
    online,
    lastSeenAt: online ? null : (ctx.presence.lastSeen(row.id) ?? row.last_seen_at),
    since: row.since,
  };
}

export function presentRequest(row: RequestRow): FriendRequest {
  return {
    id: row.id,
    from: presentUserRef({ id: row.from_id, username: row.from_username, deleted_at: row.from_deleted_at }),
    to: presentUserRef({ id: row.to_id, username: row.to_username, deleted_at: row.to_deleted_at }),
    message: row.message,
    createdAt: row.created_at,
  };
}
