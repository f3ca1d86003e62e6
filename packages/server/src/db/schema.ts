import type { Generated, Insertable, Selectable } from 'kysely';
import type { AdminAuditTable } from '../modules/admin/tables';
import type { MessageChangesTable, MessageEditsTable, MessageMentionsTable, MessageReactionsTable, ServerSettingsTable } from '../modules/changes/tables';
import type { FilesTable, MessageAttachmentsTable } from '../modules/files/tables';
import type { JobsTable } from '../modules/jobs/tables';

/* Timestamps are milliseconds since the epoch; flags are 0/1 integers so both dialects agree. */

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username for case-insensitive uniqueness; null once the account is deleted. */
  username_key: string | null;
  password_hash: string;
  is_admin: number;
  created_at: number;
  deleted_at: number | null;
  /** Lower-cased; unique among verified addresses of active accounts only. */
  email: string | null;
  email_verified: Generated<number>;
  /** A new address awaiting verification; `email` stays in force until then. */
  pending_email: string | null;
  /** Language of mails: 'en' or 'zh-CN'. */
  language: Generated<string>;
  /** When the user's last socket closed. */
  last_seen_at: number | null;
  only_friends_dm: Generated<number>;
  read_receipts: Generated<number>;
  /** Set while an administrator's ban is in force. */
  banned_at: number | null;
  /** 1: email me about missed direct messages and mentions (modules/missed-mail). */
  missed_mail: Generated<number>;
  /** When the last missed-message email was sent. */
  missed_mail_at: Generated<number | null>;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token: a leaked table yields no usable token. */
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string;
}

export interface ConversationsTable {
  id: string;
  kind: 'room' | 'dm';
  name: string | null;
  name_key: string | null;
  topic: string;
  visibility: 'public' | 'private' | null;
  /** "smallerUserId:largerUserId": one direct conversation per pair. */
  dm_key: string | null;
  last_seq: number;
  /** Sequence of the newest row of message_changes for this conversation. */
  last_change_seq: Generated<number>;
  last_activity_at: number;
  created_at: number;
  created_by: string | null;
}

export interface MembersTable {
  conversation_id: string;
  user_id: string;
  role: 'owner' | 'moderator' | 'member';
  joined_at: number;
  /** The last sequence this member has read. */
  read_seq: Generated<number>;
  /** The last sequence a missed-message email covered. */
  mailed_seq: Generated<number>;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  body: string;
  client_msg_id: string | null;
  created_at: number;
  /** Set when the sender deleted it: the row stays so sequences keep no gaps. */
  deleted_at: number | null;
  /** JSON copy of the attached files' details (see modules/files/presenters.ts); null when none. */
  attachments: string | null;
  /** change_seq of the last change applied to this message (0: none). */
  change_seq: Generated<number>;
  edited_at: Generated<number | null>;
  reply_to_id: Generated<string | null>;
  /** JSON copy of the reaction list (message_reactions holds the rows), null when none. */
  reactions: Generated<string | null>;
  /** JSON list of mentioned user ids, null when none. */
  mentions: Generated<string | null>;
  mentions_room: Generated<number>;
  pinned_at: Generated<number | null>;
  pinned_by: Generated<string | null>;
  /** JSON ForwardedFrom, null unless forwarded. */
  forwarded_from: Generated<string | null>;
}

export interface FriendshipsTable {
  user_id: string;
  friend_id: string;
  created_at: number;
}

export interface FriendRequestsTable {
  id: string;
  from_id: string;
  to_id: string;
  message: string;
  created_at: number;
}

export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: number;
}

export interface EmailTokensTable {
  /** SHA-256 of the token in the emailed link. */
  id: string;
  user_id: string;
  purpose: 'verify' | 'reset';
  /** The address the link was sent to (for 'verify': the address it confirms). */
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** One row per message not deleted: what the search filters read (modules/search). */
export interface SearchDocsTable {
  /** Index order: newer messages have larger ids. */
  doc_id: Generated<number>;
  message_id: string;
  conversation_id: string;
  sender_id: string;
  created_at: number;
  /** Bits: 1 has a file, 2 has an image, 4 has a link. */
  flags: number;
  /** PostgreSQL only: the message's tokens (SQLite keeps them in the search_fts table). */
  tokens?: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
  files: FilesTable;
  message_attachments: MessageAttachmentsTable;
  email_tokens: EmailTokensTable;
  friendships: FriendshipsTable;
  friend_requests: FriendRequestsTable;
  blocks: BlocksTable;
  admin_audit: AdminAuditTable;
  message_changes: MessageChangesTable;
  message_edits: MessageEditsTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  server_settings: ServerSettingsTable;
  search_docs: SearchDocsTable;
  jobs: JobsTable;
  kysely_migration?: { name: string; timestamp: string };
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MemberRow = Selectable<MembersTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type Auto<T> = Generated<T>;
