import { z } from 'zod';
import { AdminMessageParams, AdminUserListResponse, AdminUserParams, AdminUserQuery, AdminUserResponse, AuditQuery, AuditResponse, BanBody } from './admin';
import { ClientMsgId, Id, Password, RoomName, Timestamp, Username, UserText } from './common';
import { AuthOptionsResponse, ChangeEmailBody, Email, EmailNotificationsResponse, Language, UpdateEmailNotificationsBody, PasswordResetBody, PasswordResetRequestBody, VerifyEmailBody, VerifyEmailResponse } from './email';
import { Conversation, Me, Message, PublicRoom, RoomInfo, UserRef } from './entities';
import { Attachment, AttachmentIds, FileParams, MessageParams, MessageText, UploadQuery, UploadResponse } from './files';
import { MessageExtras, refineSend } from './send';
import { conversationRoutes } from './conversation-routes';
import { searchRoutes } from './search';
import {
  AcceptFriendResponse, BlockListResponse, ChangePasswordBody, DeleteAccountBody, FriendListResponse,
  FriendRequestListResponse, MarkReadBody, RequestParams, SendFriendRequestBody, SendFriendRequestResponse,
  SessionListResponse, SettingsResponse, UpdateSettingsBody, UserParams, UserSearchQuery, UserSearchResponse,
} from './social';

/* Request bodies are strict: unknown fields are refused, not ignored. */

export const RegisterBody = z.strictObject({
  username: Username,
  password: Password,
  /** Needed when the server requires verified addresses; otherwise optional. */
  email: Email.optional(),
  /** Language of the mails sent to this account; Accept-Language decides when absent. */
  language: Language.optional(),
});
export const LoginBody = z.strictObject({
  username: UserText().min(1).max(64),
  // Long enough to hold any valid password, short enough never to reach the hasher.
  password: UserText().min(1).max(128),
});
export const AuthResponse = z.object({
  user: Me,
  /** Bearer token for non-browser clients; browsers use the httpOnly cookie. */
  token: z.string(),
});
export const MeResponse = z.object({ user: Me });
/** The session probe: 200 either way, so a page that is not logged in yet logs no failed request. */
export const SessionResponse = z.object({ user: Me.nullable() });

export const CreateRoomBody = z.strictObject({
  name: RoomName,
  topic: UserText().max(200).default(''),
  visibility: z.enum(['public', 'private']).default('public'),
});
export const OpenDmBody = z.strictObject({ username: UserText().min(1).max(64) });
export const ConversationResponse = z.object({ conversation: Conversation });
export const ConversationListResponse = z.object({ conversations: z.array(Conversation) });
export const PublicRoomListQuery = z.strictObject({ q: UserText().max(48).optional() });
export const PublicRoomListResponse = z.object({ rooms: z.array(PublicRoom) });
export const RoomInfoResponse = RoomInfo;
export const AddMemberBody = z.strictObject({ username: UserText().min(1).max(64) });

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;
const Limit = z.coerce.number().int().min(1).max(HISTORY_MAX_LIMIT).default(HISTORY_DEFAULT_LIMIT);

export const HistoryQuery = z
  .strictObject({
    limit: Limit,
    /** Return messages with a sequence lower than this one (scrolling up). */
    before: z.coerce.number().int().positive().optional(),
    /** Return messages on both sides of this sequence, it included (jump to a quoted message, search). */
    around: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.before === undefined || q.around === undefined, { message: 'use before or around, not both', path: ['around'] });
export const HistoryResponse = z.object({
  /** Oldest first. */
  messages: z.array(Message),
  /** Older messages exist. */
  hasMore: z.boolean(),
  /** With `around`: newer messages exist after the last one returned. */
  hasMoreAfter: z.boolean().optional(),
});
export const SendMessageBody = z
  .strictObject({ clientMsgId: ClientMsgId, body: MessageText, attachments: AttachmentIds.default([]), ...MessageExtras })
  .superRefine(refineSend);
export const SendMessageResponse = z.object({ message: Message });

/** Files shared in a conversation, page by page of messages (a message's files are never split). */
export const SharedFilesQuery = z.strictObject({
  /** How many messages with files, newest first. */
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Only messages with a sequence lower than this one (the next page). */
  before: z.coerce.number().int().positive().optional(),
});
export const SharedFile = z.object({ file: Attachment, messageId: Id, seq: z.number().int().positive(), sender: UserRef, sharedAt: Timestamp });
export type SharedFile = z.infer<typeof SharedFile>;
export const SharedFilesResponse = z.object({
  /** Newest message first; a message's files in the order they were sent. */
  files: z.array(SharedFile),
  /** Older messages with files exist: ask again with `before` set to the last `seq`. */
  hasMore: z.boolean(),
});

/** How much of the upload quota a user's files take, and the limits that apply to the next upload. */
export const StorageResponse = z.object({
  usedBytes: z.number().int().nonnegative(),
  quotaBytes: z.number().int().positive(),
  /** The largest single file the server accepts. */
  maxUploadBytes: z.number().int().positive(),
});

export const LatestMessagesQuery = z.strictObject({ limit: Limit, room: UserText().max(64).optional() });
export const OnlineUsersResponse = z.object({ users: z.array(UserRef) });
export const HealthResponse = z.object({ status: z.literal('ok') });
/** 200 only when every dependency answers; otherwise 503 `unavailable` whose `issues` name the failing ones. */
export const ReadyResponse = z.object({
  status: z.literal('ready'),
  checks: z.object({ database: z.literal('ok'), redis: z.enum(['ok', 'disabled']) }),
});

const ConversationParams = z.strictObject({ id: Id });
const RoomParams = z.strictObject({ name: UserText().min(1).max(64) });

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path relative to the base path; `:name` marks a parameter. */
  path: string;
  summary: string;
  /** False for the few routes anyone may call. */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Undefined for 204 No Content. */
  response?: z.ZodType;
  status?: number;
  /** Open to an account whose address still needs verifying when verification is required. */
  allowUnverified?: boolean;
  /** Administrators only (the first account and ADMIN_USERNAMES). */
  admin?: boolean;
}

/** Every REST route. The server registers and validates from this table; OpenAPI and the SDK use it too. */
export const routes = {
  health: { method: 'GET', path: '/api/health', summary: 'Liveness', auth: false, response: HealthResponse },
  ready: {
    method: 'GET', path: '/api/ready', summary: 'Readiness: the database (and Redis when configured) answer; 503 names what does not',
    auth: false, response: ReadyResponse,
  },
  register: {
    method: 'POST', path: '/api/auth/register', summary: 'Create an account and log in', auth: false,
    body: RegisterBody, response: AuthResponse, status: 201,
  },
  login: { method: 'POST', path: '/api/auth/login', summary: 'Log in', auth: false, body: LoginBody, response: AuthResponse },
  logout: { method: 'POST', path: '/api/auth/logout', summary: 'End this session', auth: true, status: 204, allowUnverified: true },
  me: { method: 'GET', path: '/api/me', summary: 'The logged-in user', auth: true, response: MeResponse, allowUnverified: true },
  session: {
    method: 'GET', path: '/api/auth/session', summary: 'Who is logged in: the user, or null (never 401), for a page probing at start',
    auth: false, response: SessionResponse,
  },
  authOptions: {
    method: 'GET', path: '/api/auth/options', summary: 'What sign-up asks for (email verification mode)', auth: false,
    response: AuthOptionsResponse,
  },
  verifyEmail: {
    method: 'POST', path: '/api/auth/verify-email', summary: 'Confirm an address with the token from the emailed link (single use, 24 h)', auth: false,
    body: VerifyEmailBody, response: VerifyEmailResponse,
  },
  resendVerification: {
    method: 'POST', path: '/api/me/email/resend', summary: 'Send the verification link again (rate limited)', auth: true,
    status: 202, allowUnverified: true,
  },
  changeEmail: {
    method: 'PUT', path: '/api/me/email', summary: 'Set a new address (asks for the password); it takes effect once verified', auth: true,
    body: ChangeEmailBody, response: MeResponse, allowUnverified: true,
  },
  getEmailNotifications: {
    method: 'GET', path: '/api/me/notifications/email', summary: 'Whether I get an email about direct messages and mentions missed while away', auth: true,
    response: EmailNotificationsResponse,
  },
  updateEmailNotifications: {
    method: 'PUT', path: '/api/me/notifications/email', summary: 'Turn the missed-message email on or off', auth: true,
    body: UpdateEmailNotificationsBody, response: EmailNotificationsResponse,
  },
  requestPasswordReset: {
    method: 'POST', path: '/api/auth/password-reset', summary: 'Email a reset link to the account with this username or address (same answer either way)', auth: false,
    body: PasswordResetRequestBody, status: 202,
  },
  resetPassword: {
    method: 'POST', path: '/api/auth/password-reset/confirm', summary: 'Set a new password with the emailed token (single use, 30 min); ends every other session', auth: false,
    body: PasswordResetBody, response: AuthResponse,
  },
  listConversations: {
    method: 'GET', path: '/api/conversations', summary: 'Conversations I belong to, newest activity first', auth: true,
    response: ConversationListResponse,
  },
  getConversation: {
    method: 'GET', path: '/api/conversations/:id', summary: 'One conversation', auth: true,
    params: ConversationParams, response: ConversationResponse,
  },
  leaveConversation: {
    method: 'POST', path: '/api/conversations/:id/leave', summary: 'Leave a room', auth: true,
    params: ConversationParams, status: 204,
  },
  addMember: {
    method: 'POST', path: '/api/conversations/:id/members', summary: 'Add a user to a room I belong to', auth: true,
    params: ConversationParams, body: AddMemberBody, status: 204,
  },
  getHistory: {
    method: 'GET', path: '/api/conversations/:id/messages', summary: 'Message history, paged backwards with `before`', auth: true,
    params: ConversationParams, query: HistoryQuery, response: HistoryResponse,
  },
  sendMessage: {
    method: 'POST', path: '/api/conversations/:id/messages', summary: 'Send a message (idempotent by clientMsgId)', auth: true,
    params: ConversationParams, body: SendMessageBody, response: SendMessageResponse, status: 201,
  },
  createRoom: {
    method: 'POST', path: '/api/rooms', summary: 'Create a room', auth: true,
    body: CreateRoomBody, response: ConversationResponse, status: 201,
  },
  listPublicRooms: {
    method: 'GET', path: '/api/rooms', summary: 'Public rooms', auth: true,
    query: PublicRoomListQuery, response: PublicRoomListResponse,
  },
  getRoomInfo: {
    method: 'GET', path: '/api/rooms/:name', summary: 'Room info: topic, members, who is online', auth: true,
    params: RoomParams, response: RoomInfoResponse,
  },
  joinRoom: {
    method: 'POST', path: '/api/rooms/:name/join', summary: 'Join a public room', auth: true,
    params: RoomParams, response: ConversationResponse,
  },
  openDm: {
    method: 'POST', path: '/api/dms', summary: 'Open (or find) the direct conversation with a user', auth: true,
    body: OpenDmBody, response: ConversationResponse,
  },
  onlineUsers: {
    method: 'GET', path: '/api/users/online', summary: 'Online users who share a conversation with me', auth: true,
    response: OnlineUsersResponse,
  },
  latestMessages: {
    method: 'GET', path: '/api/messages', summary: 'Latest messages of `general`, or of the room named by `room`', auth: true,
    query: LatestMessagesQuery, response: HistoryResponse,
  },
  deleteMessage: {
    method: 'DELETE', path: '/api/conversations/:id/messages/:messageId', summary: 'Delete a message I sent, with its files (announced as a change)', auth: true,
    params: MessageParams, status: 204,
  },
  uploadFile: {
    method: 'POST', path: '/api/conversations/:id/files',
    summary: 'Upload one file: the raw bytes are the body (any content type), the name is the `name` query parameter. Attach it by id in a send',
    auth: true, params: ConversationParams, query: UploadQuery, response: UploadResponse, status: 201,
  },
  myStorage: {
    method: 'GET', path: '/api/me/storage', summary: 'Bytes my uploads take, my quota and the largest file accepted', auth: true,
    response: StorageResponse,
  },
  listSharedFiles: {
    method: 'GET', path: '/api/conversations/:id/files', summary: 'Files shared in a conversation (messages not deleted), newest first', auth: true,
    params: ConversationParams, query: SharedFilesQuery, response: SharedFilesResponse,
  },
  deleteUpload: {
    method: 'DELETE', path: '/api/files/:id', summary: 'Delete a file I uploaded that no message carries yet', auth: true,
    params: FileParams, status: 204,
  },
  downloadFile: {
    method: 'GET', path: '/api/files/:id', summary: 'The file\'s bytes (members of its conversation only; Range requests supported)', auth: true,
    params: FileParams,
  },
  fileThumbnail: {
    method: 'GET', path: '/api/files/:id/thumbnail', summary: 'A WebP thumbnail of an image', auth: true,
    params: FileParams,
  },
  markRead: {
    method: 'POST', path: '/api/conversations/:id/read', summary: 'Mark a conversation read up to `seq`', auth: true,
    params: ConversationParams, body: MarkReadBody, status: 204,
  },
  searchUsers: {
    method: 'GET', path: '/api/users/search', summary: 'Users by exact username or name prefix (case-insensitive, at most 20)', auth: true,
    query: UserSearchQuery, response: UserSearchResponse,
  },
  listFriends: { method: 'GET', path: '/api/friends', summary: 'My contacts with online state and last seen', auth: true, response: FriendListResponse },
  removeFriend: {
    method: 'DELETE', path: '/api/friends/:userId', summary: 'Remove a friend', auth: true, params: UserParams, status: 204,
  },
  listFriendRequests: {
    method: 'GET', path: '/api/friend-requests', summary: 'Pending friend requests, to me and from me', auth: true,
    response: FriendRequestListResponse,
  },
  sendFriendRequest: {
    method: 'POST', path: '/api/friend-requests', summary: 'Ask a user to be friends (a crossing request makes you friends)', auth: true,
    body: SendFriendRequestBody, response: SendFriendRequestResponse, status: 201,
  },
  acceptFriendRequest: {
    method: 'POST', path: '/api/friend-requests/:id/accept', summary: 'Accept a request addressed to me; opens the direct conversation', auth: true,
    params: RequestParams, response: AcceptFriendResponse,
  },
  declineFriendRequest: {
    method: 'POST', path: '/api/friend-requests/:id/decline', summary: 'Decline a request addressed to me', auth: true,
    params: RequestParams, status: 204,
  },
  cancelFriendRequest: {
    method: 'POST', path: '/api/friend-requests/:id/cancel', summary: 'Withdraw a request I sent', auth: true,
    params: RequestParams, status: 204,
  },
  listBlocks: { method: 'GET', path: '/api/blocks', summary: 'Users I blocked', auth: true, response: BlockListResponse },
  blockUser: {
    method: 'PUT', path: '/api/blocks/:userId', summary: 'Block a user (ends the friendship and pending requests)', auth: true,
    params: UserParams, status: 204,
  },
  unblockUser: { method: 'DELETE', path: '/api/blocks/:userId', summary: 'Unblock a user', auth: true, params: UserParams, status: 204 },
  getSettings: { method: 'GET', path: '/api/settings', summary: 'My privacy settings', auth: true, response: SettingsResponse },
  updateSettings: {
    method: 'PATCH', path: '/api/settings', summary: 'Change my privacy settings', auth: true,
    body: UpdateSettingsBody, response: SettingsResponse,
  },
  changePassword: {
    method: 'POST', path: '/api/me/password', summary: 'Change my password; every other session ends', auth: true,
    body: ChangePasswordBody, status: 204,
  },
  listSessions: { method: 'GET', path: '/api/sessions', summary: 'My active sessions', auth: true, response: SessionListResponse },
  endSession: {
    method: 'DELETE', path: '/api/sessions/:id', summary: 'End one of my sessions', auth: true,
    params: RequestParams, status: 204,
  },
  deleteAccount: {
    method: 'POST', path: '/api/me/delete', summary: 'Delete my account (asks for the password); the username becomes free', auth: true,
    body: DeleteAccountBody, status: 204,
  },
  adminListUsers: {
    method: 'GET', path: '/api/admin/users', summary: 'Users by name prefix (banned and deleted ones too), newest first, at most 50', auth: true, admin: true,
    query: AdminUserQuery, response: AdminUserListResponse,
  },
  banUser: {
    method: 'PUT', path: '/api/admin/users/:userId/ban', summary: 'Ban a user: their sessions end, their sockets close, login is refused (audited)', auth: true, admin: true,
    params: AdminUserParams, body: BanBody, response: AdminUserResponse,
  },
  unbanUser: {
    method: 'DELETE', path: '/api/admin/users/:userId/ban', summary: 'Lift a ban (audited)', auth: true, admin: true,
    params: AdminUserParams, response: AdminUserResponse,
  },
  adminDeleteMessage: {
    method: 'DELETE', path: '/api/admin/messages/:messageId', summary: 'Delete any message, announced as a change (audited)', auth: true, admin: true,
    params: AdminMessageParams, status: 204,
  },
  auditLog: {
    method: 'GET', path: '/api/admin/audit', summary: 'What administrators did, newest first', auth: true, admin: true,
    query: AuditQuery, response: AuditResponse,
  },
  ...conversationRoutes,
  ...searchRoutes,
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
type Get<T, K extends string> = T extends Record<K, infer V> ? V : undefined;
type In<T> = T extends z.ZodType ? z.input<T> : undefined;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
export type RouteParams<N extends RouteName> = In<Get<Routes[N], 'params'>>;
export type RouteQuery<N extends RouteName> = In<Get<Routes[N], 'query'>>;
export type RouteBody<N extends RouteName> = In<Get<Routes[N], 'body'>>;
export type RouteResponse<N extends RouteName> = Get<Routes[N], 'response'> extends z.ZodType
  ? Out<Get<Routes[N], 'response'>>
  : void;
