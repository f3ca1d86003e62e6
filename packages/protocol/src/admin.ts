import { z } from 'zod';
import { Id, Timestamp, UserText } from './common';
import { UserRef } from './entities';

/** A user as administrators see them. */
export const AdminUser = z.object({
  id: Id,
  username: z.string(),
  isAdmin: z.boolean(),
  /** Set while the account is banned: it cannot log in and its sessions were ended. */
  bannedAt: Timestamp.nullable(),
  deleted: z.boolean(),
  createdAt: Timestamp,
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserQuery = z.strictObject({ q: UserText().max(64).optional() });
export const AdminUserListResponse = z.object({ users: z.array(AdminUser) });
export const AdminUserResponse = z.object({ user: AdminUser });
export const AdminUserParams = z.strictObject({ userId: Id });
export const AdminMessageParams = z.strictObject({ messageId: Id });
export const BanBody = z.strictObject({ reason: UserText().max(500).default('') });

export const AuditAction = z.enum(['ban', 'unban', 'delete_message', 'update_settings']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: Id,
  actor: UserRef,
  action: AuditAction,
  /** The user acted on (for a deleted message: its sender). */
  targetUser: UserRef.nullable(),
  /** The message id for delete_message. */
  targetId: z.string().nullable(),
  /** The reason given, the conversation of a deleted message, or the settings changed (JSON). */
  detail: z.string(),
  createdAt: Timestamp,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AUDIT_MAX_LIMIT = 200;
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(50),
  /** Entries older than this entry id's time: the `id` of the last entry of the previous page. */
  before: Id.optional(),
});
/** Newest first. */
export const AuditResponse = z.object({ entries: z.array(AuditEntry), hasMore: z.boolean() });
