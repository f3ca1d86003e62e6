import { z } from 'zod';
import { Id, Timestamp } from './common';
import { Attachment } from './files';
import { ForwardedFrom, PinInfo, Reaction, ReplyQuote } from './message-parts';

/** What anyone who may see a user is shown. A deleted account keeps its id but loses its name. */
export const UserRef = z.object({
  id: Id,
  username: z.string(),
  deleted: z.boolean().optional(),
});
export type UserRef = z.infer<typeof UserRef>;

export const Me = z.object({
  id: Id,
  username: z.string(),
  createdAt: Timestamp,
  isAdmin: z.boolean(),
  /** Address of record; null when none was given. */
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  /** A new address waiting for its verification link to be opened; the old one stays until then. */
  pendingEmail: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  /** Strictly increasing per conversation, starting at 1, without gaps. */
  seq: z.number().int().positive(),
  sender: UserRef,
  body: z.string(),
  clientMsgId: z.string().nullable(),
  createdAt: Timestamp,
  /** Files sent with the message, in order; the body is then an optional caption. */
  attachments: z.array(Attachment),
  /** Deleted by its sender: the sequence stays, the body and files are gone. */
  deleted: z.boolean().optional(),
  /*
   * The fields below are omitted when empty (never edited, no reply, no reactions…), which keeps
   * the frames of plain messages as small as before.
   */
  /** The change-log sequence of the last change applied to this message (0 or absent: none). Of two copies, the higher is newer. */
  changeSeq: z.number().int().nonnegative().optional(),
  /** When the text was last edited by its sender. */
  editedAt: Timestamp.optional(),
  /** The message of the same conversation this one answers. */
  replyTo: ReplyQuote.optional(),
  reactions: z.array(Reaction).optional(),
  /** Users the sender mentioned (members of the conversation when sent). */
  mentions: z.array(Id).optional(),
  /** The sender called everyone (@room, @all, @所有人). */
  mentionsRoom: z.boolean().optional(),
  pinned: PinInfo.optional(),
  forwardedFrom: ForwardedFrom.optional(),
});
export type Message = z.infer<typeof Message>;

/** owner: created the room; moderator: named by the owner (may @room and pin); member: everyone else. DMs have members only. */
export const MemberRole = z.enum(['owner', 'moderator', 'member']);
export type MemberRole = z.infer<typeof MemberRole>;

export const ConversationKind = z.enum(['room', 'dm']);
export const RoomVisibility = z.enum(['public', 'private']);

export const Conversation = z.object({
  id: Id,
  kind: ConversationKind,
  /** Room name; null for a direct conversation (show `peer` instead). */
  name: z.string().nullable(),
  topic: z.string(),
  visibility: RoomVisibility.nullable(),
  /** The other participant of a direct conversation. */
  peer: UserRef.nullable(),
  memberCount: z.number().int().nonnegative(),
  /** Sequence of the newest message, 0 when empty. */
  lastSeq: z.number().int().nonnegative(),
  lastMessage: Message.nullable(),
  createdAt: Timestamp,
  /** The last sequence I have read. */
  readSeq: z.number().int().nonnegative(),
  /** Messages after readSeq sent by others. */
  unreadCount: z.number().int().nonnegative(),
  /** Messages after readSeq sent by others that mention me (by id or @room); moved by reads like unreadCount. */
  mentionCount: z.number().int().nonnegative(),
  /** Sequence of the newest change (edit, deletion, reaction, pin) in the change log, 0 when none. */
  lastChangeSeq: z.number().int().nonnegative(),
  /** My role here: what I may do (owner and moderators pin and @room in rooms). */
  myRole: MemberRole,
  /** How far the peer of a direct conversation has read; null in rooms or when the peer hides it. */
  peerReadSeq: z.number().int().nonnegative().nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const Presence = z.object({
  userId: Id,
  online: z.boolean(),
  lastSeenAt: Timestamp.nullable(),
});
export type Presence = z.infer<typeof Presence>;

export const RoomMember = z.object({
  user: UserRef,
  role: MemberRole,
  online: z.boolean(),
  joinedAt: Timestamp,
});
export type RoomMember = z.infer<typeof RoomMember>;

export const RoomInfo = z.object({
  conversation: Conversation,
  members: z.array(RoomMember),
  onlineCount: z.number().int().nonnegative(),
});
export type RoomInfo = z.infer<typeof RoomInfo>;

export const PublicRoom = z.object({
  id: Id,
  name: z.string(),
  topic: z.string(),
  memberCount: z.number().int().nonnegative(),
  joined: z.boolean(),
});
export type PublicRoom = z.infer<typeof PublicRoom>;
