import { z } from 'zod';
import { Id, Password, Timestamp, UserText } from './common';
import { Conversation, UserRef } from './entities';

/* Friends, blocks, settings, read positions and the account's sessions. */

export const FRIEND_SEARCH_MAX_RESULTS = 20;
export const FRIEND_REQUEST_MESSAGE_MAX_CHARS = 140;

/** How the caller relates to another user, so a search result can offer the right action. */
export const Relation = z.enum(['self', 'friend', 'request_sent', 'request_received', 'blocked', 'none']);
export type Relation = z.infer<typeof Relation>;

export const UserSummary = z.object({ user: UserRef, relation: Relation });
export type UserSummary = z.infer<typeof UserSummary>;

/** A friend as shown in the contacts list. */
export const Contact = z.object({
  user: UserRef,
  online: z.boolean(),
  /** When the last socket of the friend closed; null while online or if never seen. */
  lastSeenAt: Timestamp.nullable(),
  since: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

export const FriendRequest = z.object({
  id: Id,
  from: UserRef,
  to: UserRef,
  message: z.string(),
  createdAt: Timestamp,
});
export type FriendRequest = z.infer<typeof FriendRequest>;

export const Settings = z.object({
  /** Only friends may open a direct conversation with me or write in one (default on). */
  onlyFriendsMayDm: z.boolean(),
  /** Show people I talk to directly how far I have read. */
  sendReadReceipts: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const SessionInfo = z.object({
  id: Id,
  userAgent: z.string(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/* ---- REST bodies and answers ---- */

export const UserSearchQuery = z.strictObject({ q: UserText().trim().min(1).max(64) });
export const UserSearchResponse = z.object({ users: z.array(UserSummary) });
export const FriendListResponse = z.object({ friends: z.array(Contact) });
export const FriendRequestListResponse = z.object({
  incoming: z.array(FriendRequest),
  outgoing: z.array(FriendRequest),
});
export const SendFriendRequestBody = z.strictObject({
  username: UserText().min(1).max(64),
  message: UserText().trim().max(FRIEND_REQUEST_MESSAGE_MAX_CHARS).default(''),
});
/** A new pending request, or a friendship when the other side had already asked you. */
export const SendFriendRequestResponse = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), request: FriendRequest }),
  z.object({ state: z.literal('friends'), friend: Contact, conversation: Conversation }),
]);
export const AcceptFriendResponse = z.object({ friend: Contact, conversation: Conversation });
export const BlockListResponse = z.object({ users: z.array(UserRef) });
export const SettingsResponse = z.object({ settings: Settings });
export const UpdateSettingsBody = z.strictObject({
  onlyFriendsMayDm: z.boolean().optional(),
  sendReadReceipts: z.boolean().optional(),
});
export const MarkReadBody = z.strictObject({ seq: z.number().int().nonnegative() });
export const ChangePasswordBody = z.strictObject({
  currentPassword: UserText().min(1).max(128),
  newPassword: Password,
});
export const DeleteAccountBody = z.strictObject({ password: UserText().min(1).max(128) });
export const SessionListResponse = z.object({ sessions: z.array(SessionInfo) });

export const RequestParams = z.strictObject({ id: Id });
export const UserParams = z.strictObject({ userId: Id });
