import { type Message, type MessageChange, QUOTE_EXCERPT_CHARS, type ReplyQuote } from '@natter/protocol';

/**
 * A message as a change leaves it, or null when `m` already reflects this change or a later one
 * (its changeSeq is at least the change's). Changes carry resulting state, so applying one twice,
 * or a replay after its live copy, changes nothing.
 */
export function withChange(m: Message, c: MessageChange): Message | null {
  if (m.id !== c.messageId || (m.changeSeq ?? 0) >= c.changeSeq) return null;
  const next: Message = { ...m, changeSeq: c.changeSeq };
  switch (c.kind) {
    case 'edit':
      if (m.deleted) return null;
      next.body = c.body;
      next.editedAt = c.editedAt;
      break;
    case 'delete':
      next.body = '';
      next.attachments = [];
      next.deleted = true;
      delete next.editedAt;
      delete next.reactions;
      delete next.mentions;
      delete next.mentionsRoom;
      delete next.pinned;
      break;
    case 'react':
    case 'unreact':
      if (c.reactions.length > 0) next.reactions = c.reactions;
      else delete next.reactions;
      break;
    case 'pin':
      next.pinned = c.pinned;
      break;
    case 'unpin':
      delete next.pinned;
      break;
  }
  return next;
}

/** The quote of a reply after the quoted message changed (its text was edited, or it was deleted). */
export function withQuoteOf(m: Message, original: Message): Message | null {
  const q = m.replyTo;
  if (!q || q.messageId !== original.id) return null;
  const next: ReplyQuote = original.deleted
    ? { ...q, excerpt: '', hasAttachments: false, deleted: true }
    : { ...q, excerpt: excerptOf(original.body), hasAttachments: original.attachments.length > 0 };
  if (next.excerpt === q.excerpt && next.deleted === q.deleted && next.hasAttachments === q.hasAttachments) return null;
  return { ...m, replyTo: next };
}

/** The first non-empty line, cut like the server cuts it. */
export function excerptOf(body: string): string {
  const line = body.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  const chars = [...line];
  return chars.length <= QUOTE_EXCERPT_CHARS ? line : `${chars.slice(0, QUOTE_EXCERPT_CHARS - 1).join('')}…`;
}

/** Of two copies of one message (a REST page and a live change), the one with more changes applied. */
export function newer(held: Message, incoming: Message): Message {
  return (incoming.changeSeq ?? 0) > (held.changeSeq ?? 0) ? incoming : held;
}

/** Whether `m` mentions `userId` (by id or @room) and counts for them: not their own message, not deleted. */
export function mentions(m: Message, userId: string | null): boolean {
  if (userId === null || m.sender.id === userId || m.deleted) return false;
  return m.mentionsRoom === true || (m.mentions?.includes(userId) ?? false);
}

/**
 * Applies a change to a run of held messages in place: the message it names, then the quotes of
 * replies to it when its text changed or it went. Returns the changed message, or null.
 */
export function applyToRun(messages: Message[], c: MessageChange): Message | null {
  const i = messages.findIndex((m) => m.id === c.messageId);
  const next = i >= 0 ? withChange(messages[i]!, c) : null;
  if (!next) return null;
  messages[i] = next;
  if (c.kind === 'edit' || c.kind === 'delete') {
    for (let k = 0; k < messages.length; k++) {
      const quoted = withQuoteOf(messages[k]!, next);
      if (quoted) messages[k] = quoted;
    }
  }
  return next;
}
