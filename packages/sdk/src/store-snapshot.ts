import type { Attachment, Conversation, Message, Presence } from '@natter/protocol';
import type { NatterError } from './errors';
import type { SendExtras } from './outbox';

/* The shapes the store hands out; the store itself is in store.ts. */

export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  body: string;
  createdAt: number;
  state: 'sending' | 'failed';
  error?: NatterError;
  /** Files already uploaded that the message will carry. */
  attachments?: Attachment[];
  /** The reply, mentions or forward the send carries. */
  extras?: SendExtras;
}

export interface StoreSnapshot {
  /** Newest activity first. */
  conversations: Conversation[];
  /** Sums over `conversations` of unreadCount and mentionCount: what a tab or title badge shows. */
  unreadTotal: number;
  mentionTotal: number;
  /** Per conversation, sorted by seq, consecutive, no duplicates. */
  messages: Record<string, Message[]>;
  /** Sends not yet acknowledged, oldest first. */
  pending: Record<string, PendingMessage[]>;
  presence: Record<string, Presence>;
  /** Highest seq held contiguously per conversation: what a reconnect resumes from. */
  cursors: Record<string, number>;
  hasMoreBefore: Record<string, boolean>;
  /** True once the conversation's latest page was fetched (open a conversation by calling getMessages). */
  loaded: Record<string, boolean>;
}

export function activity(c: Conversation): number {
  return c.lastMessage?.createdAt ?? c.createdAt;
}

export const EMPTY: StoreSnapshot = Object.freeze({
  conversations: [],
  unreadTotal: 0,
  mentionTotal: 0,
  messages: {},
  pending: {},
  presence: {},
  cursors: {},
  hasMoreBefore: {},
  loaded: {},
}) as StoreSnapshot;
