import type { TFunction } from 'i18next';
import { markdownToPlainText, type Conversation, type Message, type UserRef } from '@natter/protocol';

export function userName(user: UserRef, t: TFunction): string {
  return user.deleted ? t('message.deletedUser') : user.username;
}

export function conversationTitle(c: Conversation, t: TFunction): string {
  if (c.kind === 'dm') return c.peer ? userName(c.peer, t) : t('conversation.directMessage');
  return c.name ?? '';
}

/** Newest message known for a conversation, from the list entry or from loaded history. */
export function latestMessage(c: Conversation, loaded: readonly Message[] | undefined): Message | null {
  const last = loaded?.[loaded.length - 1] ?? null;
  if (!c.lastMessage) return last;
  if (!last) return c.lastMessage;
  return last.seq >= c.lastMessage.seq ? last : c.lastMessage;
}

/** Single line preview: formatting markers gone, newlines folded, long text cut (the list also ellipsizes with CSS). */
export function previewText(body: string, max = 120): string {
  const flat = markdownToPlainText(body).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
