import { z } from 'zod';
import { Id, Timestamp } from './common';
import { isEmoji } from './emoji';

/** A user as message parts name them (the same shape as entities' UserRef, kept here to avoid a cycle). */
const Who = z.object({ id: Id, username: z.string(), deleted: z.boolean().optional() });

/** Distinct emoji one message may carry. */
export const REACTIONS_MAX_PER_MESSAGE = 20;
/** Emoji one user may put on one message. */
export const REACTIONS_MAX_PER_USER = 10;
/** Users one message may mention by id (besides @room). */
export const MENTIONS_MAX = 50;
/** Characters of the quoted message a reply shows. */
export const QUOTE_EXCERPT_CHARS = 120;

export const Emoji = z.string().refine(isEmoji, { message: 'not an emoji' });

export const Reaction = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  /** Who reacted, oldest first; `count` is their number. */
  userIds: z.array(Id),
});
export type Reaction = z.infer<typeof Reaction>;

/** The compact quote a reply shows; it follows the original's edits and deletion. */
export const ReplyQuote = z.object({
  messageId: Id,
  seq: z.number().int().positive(),
  sender: Who,
  /** The first line of the original's text, at most QUOTE_EXCERPT_CHARS characters; '' when deleted. */
  excerpt: z.string(),
  /** The original carries files (its text may be empty). */
  hasAttachments: z.boolean(),
  deleted: z.boolean(),
});
export type ReplyQuote = z.infer<typeof ReplyQuote>;

export const PinInfo = z.object({ by: Who, at: Timestamp });
export type PinInfo = z.infer<typeof PinInfo>;

/** Where a forwarded message came from: a room by name, or a direct conversation (no names of its people). */
export const ForwardedFrom = z.object({
  kind: z.enum(['room', 'dm']),
  /** The room's name; null for a direct conversation. */
  conversationName: z.string().nullable(),
  sender: Who,
  /** When the original was sent. */
  sentAt: Timestamp,
});
export type ForwardedFrom = z.infer<typeof ForwardedFrom>;

/** The reactions on one message after a toggle, in the order each emoji first appeared. */
export const Reactions = z.array(Reaction);
