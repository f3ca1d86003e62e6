import { z } from 'zod';
import { ClientMsgId, ErrorCode, Id, Timestamp, UserText } from './common';
import { Conversation, Me, Message, Presence, UserRef } from './entities';
import { MessageChange, MessageChangeEvent } from './changes';
import { AttachmentIds, MessageDeletedEvent, MessageText } from './files';
import { Reaction } from './message-parts';
import { MessageExtras, refineSend } from './send';
import { Contact, FriendRequest } from './social';

export const SOCKET_PATH = '/api/socket';
export const SOCKET_MAX_FRAME_BYTES = 64 * 1024;
/** A resume that would replay more than this many messages (or changes) of one conversation answers "resync". */
export const RESUME_MAX_PER_CONVERSATION = 1000;
/**
 * The protocol this package speaks. 1: messages only; deletions as `message_deleted` frames and the
 * welcome's `deleted` (a hello without `protocol`). 2: every change to a message (edit, deletion,
 * reactions, pins) as `message_change` frames with change cursors in the hello. See ADR 0005.
 */
export const PROTOCOL_VERSION = 2;

/** Request id chosen by the client; echoed by the answer (ack, welcome, pong or error). */
const ReqId = UserText().min(1).max(64);

/* ---- client → server ---- */

export const HelloFrame = z.strictObject({
  type: z.literal('hello'),
  id: ReqId,
  /** Last sequence the client holds per conversation; the server replays everything after it. */
  cursors: z.record(Id, z.number().int().nonnegative()).default({}),
  /** Absent: protocol 1 (older clients). 2: this client reads `message_change` frames and sends `changeCursors`. */
  protocol: z.union([z.literal(1), z.literal(2)]).default(1),
  /**
   * Protocol 2: the last change sequence the client applied per conversation; the welcome replays
   * every change after it. A conversation missing here starts at its change head.
   */
  changeCursors: z.record(Id, z.number().int().nonnegative()).default({}),
  /**
   * Protocol 1 only: the `serverTime` of the previous welcome. Messages the client already holds
   * that were deleted since then come back in the welcome's `deleted`.
   */
  deletedSince: Timestamp.optional(),
});
export const SendFrame = z.strictObject({
  type: z.literal('send'),
  id: ReqId,
  conversationId: Id,
  clientMsgId: ClientMsgId,
  body: MessageText,
  attachments: AttachmentIds.default([]),
  ...MessageExtras,
}).superRefine(refineSend);
/** Edit my message's text or caption, as PATCH .../messages/:messageId does; answered by an `ack` with the edited message. */
export const EditFrame = z.strictObject({ type: z.literal('edit'), id: ReqId, conversationId: Id, messageId: Id, body: MessageText });
/**
 * Add (`react`) or remove (`unreact`) my reaction, as PUT and DELETE .../reactions/:emoji do;
 * answered by `reactions` with the message's whole list. The emoji is checked as the REST route
 * checks it, so both refuse the same input with the same code.
 */
const reactionRequest = { id: ReqId, conversationId: Id, messageId: Id, emoji: UserText().min(1).max(64) };
export const ReactFrame = z.strictObject({ type: z.literal('react'), ...reactionRequest });
export const UnreactFrame = z.strictObject({ type: z.literal('unreact'), ...reactionRequest });
export const PingFrame = z.strictObject({ type: z.literal('ping'), id: ReqId });
/** "I am typing" in a conversation; the server relays it at most once every TYPING_THROTTLE_MS. */
export const TypingFrame = z.strictObject({ type: z.literal('typing'), id: ReqId.optional(), conversationId: Id });
/** I have read the conversation up to `seq`. */
export const ReadFrame = z.strictObject({
  type: z.literal('read'),
  id: ReqId.optional(),
  conversationId: Id,
  seq: z.number().int().nonnegative(),
});

export const TYPING_THROTTLE_MS = 3000;
/** A typing indicator without a refresh disappears after this long. */
export const TYPING_EXPIRES_MS = 6000;

export const ClientFrame = z.discriminatedUnion('type', [HelloFrame, SendFrame, EditFrame, ReactFrame, UnreactFrame, PingFrame, TypingFrame, ReadFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameInput = z.input<typeof ClientFrame>;
export const CLIENT_FRAME_TYPES = ClientFrame.options.map((o) => o.shape.type.value);

/* ---- server → client ---- */

export const ResyncEntry = z.object({
  conversationId: Id,
  /** unknown: not a conversation of yours; too_old: more was missed than a replay carries. */
  reason: z.enum(['unknown', 'too_old']),
});
export type ResyncEntry = z.infer<typeof ResyncEntry>;

export const DeletedEntry = z.object({ conversationId: Id, messageId: Id, seq: z.number().int().positive() });
export type DeletedEntry = z.infer<typeof DeletedEntry>;

export const ReadyFrame = z.object({ type: z.literal('ready'), user: Me });
export const WelcomeFrame = z.object({
  type: z.literal('welcome'),
  id: ReqId,
  /** Messages missed since the cursors, ordered by conversation then sequence. */
  missed: z.array(Message),
  resync: z.array(ResyncEntry),
  /** Newest sequence of every conversation you belong to: a conversation not in your cursors is new to you. */
  heads: z.record(Id, z.number().int().nonnegative()),
  /** Protocol 1 with `deletedSince`: messages up to your cursors deleted since then. Always empty in protocol 2. */
  deleted: z.array(DeletedEntry),
  /** When this welcome was computed, for the next hello's `deletedSince`. */
  serverTime: Timestamp,
  /** Protocol 2: the changes after each change cursor, by conversation then change sequence. Apply after `missed`. */
  changes: z.array(MessageChange).optional(),
  /** Protocol 2: the newest change sequence of every conversation you belong to. */
  changeHeads: z.record(Id, z.number().int().nonnegative()).optional(),
});
export const AckFrame = z.object({ type: z.literal('ack'), id: ReqId, message: Message });
export const PongFrame = z.object({ type: z.literal('pong'), id: ReqId, serverTime: Timestamp });
/** The answer to `react` and `unreact`: the message's reactions after it (the change itself comes as `message_change`). */
export const ReactionsFrame = z.object({ type: z.literal('reactions'), id: ReqId, messageId: Id, reactions: z.array(Reaction) });
export const ErrorFrame = z.object({
  type: z.literal('error'),
  /** The request id of the frame that failed, when it could be read. */
  id: z.string().nullable(),
  code: ErrorCode,
  message: z.string(),
  retryable: z.boolean().optional(),
  /** Seconds to wait before retrying, when the server can say. */
  retryAfterS: z.number().int().positive().optional(),
});
export const MessageEvent = z.object({ type: z.literal('message'), message: Message });
export const ConversationEvent = z.object({
  type: z.literal('conversation'),
  /** A conversation you were added to, or whose details changed. */
  conversation: Conversation,
});
export const MemberJoinedEvent = z.object({
  type: z.literal('member_joined'),
  conversationId: Id,
  user: UserRef,
});
export const MemberLeftEvent = z.object({
  type: z.literal('member_left'),
  conversationId: Id,
  userId: Id,
});
export const PresenceEvent = z.object({ type: z.literal('presence'), presence: Presence });
export const TypingEvent = z.object({ type: z.literal('typing'), conversationId: Id, user: UserRef });
/** My own read position moved (on this or another of my devices). */
export const ReadEvent = z.object({
  type: z.literal('read'),
  conversationId: Id,
  readSeq: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
  mentionCount: z.number().int().nonnegative(),
});
/** The peer of a direct conversation read up to `seq` (read receipt). */
export const ReadReceiptEvent = z.object({
  type: z.literal('read_receipt'),
  conversationId: Id,
  userId: Id,
  seq: z.number().int().nonnegative(),
});
/** A friend request to me, or one I sent from another device. */
export const FriendRequestEvent = z.object({ type: z.literal('friend_request'), request: FriendRequest });
export const FriendRequestClosedEvent = z.object({
  type: z.literal('friend_request_closed'),
  requestId: Id,
  reason: z.enum(['accepted', 'declined', 'cancelled', 'gone']),
});
export const FriendAddedEvent = z.object({ type: z.literal('friend_added'), friend: Contact });
/** Unfriended, blocked, or the account was deleted: drop them from the contacts. */
export const FriendRemovedEvent = z.object({ type: z.literal('friend_removed'), userId: Id });
/** The server is going away (shutdown) or ending this session (logout): reconnect or stop. */
export const GoodbyeFrame = z.object({
  type: z.literal('goodbye'),
  reason: z.enum(['shutdown', 'logged_out', 'session_expired', 'banned']),
});

export const ServerFrame = z.discriminatedUnion('type', [
  ReadyFrame,
  WelcomeFrame,
  AckFrame,
  PongFrame,
  ReactionsFrame,
  ErrorFrame,
  MessageEvent,
  ConversationEvent,
  MemberJoinedEvent,
  MemberLeftEvent,
  PresenceEvent,
  MessageDeletedEvent,
  MessageChangeEvent,
  TypingEvent,
  ReadEvent,
  ReadReceiptEvent,
  FriendRequestEvent,
  FriendRequestClosedEvent,
  FriendAddedEvent,
  FriendRemovedEvent,
  GoodbyeFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** Close codes the server uses besides the standard ones. */
export const CloseCode = {
  unauthenticated: 4001,
  loggedOut: 4002,
  /** Verification is required and this account's address is not verified yet. */
  emailUnverified: 4003,
  tooManyErrors: 4008,
  shutdown: 4009,
  /** This user has too many sockets open already (MAX_SOCKETS_PER_USER). */
  tooManySockets: 4010,
  /** An administrator banned the account. */
  banned: 4011,
} as const;
