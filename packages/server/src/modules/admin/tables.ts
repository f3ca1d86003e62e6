import type { AuditAction } from '@natter/protocol';

/** One administrator action; rows are only ever added. */
export interface AdminAuditTable {
  id: string;
  actor_id: string;
  action: AuditAction;
  target_user_id: string | null;
  /** The message id of delete_message. */
  target_id: string | null;
  detail: string;
  created_at: number;
}
