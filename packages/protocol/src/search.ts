import { z } from 'zod';
import { Id, UserText } from './common';
import { ConversationKind, Message, UserRef } from './entities';
import type { RouteDef } from './rest';

/** Characters of a search query, filters included. */
export const SEARCH_QUERY_MAX_CHARS = 500;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;

export const SearchHas = z.enum(['file', 'image', 'link']);
export type SearchHas = z.infer<typeof SearchHas>;

/** A date as YYYY-MM-DD (a whole UTC day) or milliseconds since the epoch. */
const SearchDate = UserText().max(24);

/**
 * Message search. `q` is words with optional filters in it (`in:` `from:` `has:` `before:` `after:`
 * `is:pinned` `mentions:me`); the parameters are the same filters for clients that build them.
 * Words match by prefix, Chinese, Japanese and Korean text as written, anywhere in a message.
 */
export const SearchMessagesQuery = z.strictObject({
  /** Required, empty only when a filter parameter is given. */
  q: UserText().max(SEARCH_QUERY_MAX_CHARS),
  /** A conversation id, or a room name. */
  in: UserText().max(64).optional(),
  /** A username or user id. */
  from: UserText().max(64).optional(),
  has: SearchHas.optional(),
  before: SearchDate.optional(),
  after: SearchDate.optional(),
  is: z.enum(['pinned']).optional(),
  mentions: z.enum(['me']).optional(),
  /** `nextCursor` of the previous page. */
  cursor: UserText().max(32).regex(/^[0-9]+$/).optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
});
export type SearchMessagesQuery = z.input<typeof SearchMessagesQuery>;

export const SearchConversation = z.object({
  id: Id,
  kind: ConversationKind,
  /** Room name; null for a direct conversation (see `peer`). */
  name: z.string().nullable(),
  peer: UserRef.nullable(),
});
export type SearchConversation = z.infer<typeof SearchConversation>;

export const SearchHit = z.object({
  message: Message,
  conversation: SearchConversation,
  /** [start, end) UTF-16 offsets into `message.body` of the matched text, in order, not overlapping. */
  highlights: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchMessagesResponse = z.object({
  /** Newest first. */
  results: z.array(SearchHit),
  /** Pass as `cursor` for older results; null when the search reached the oldest message. */
  nextCursor: z.string().nullable(),
  /**
   * True when the server stopped early (it bounds the work of one request) before filling the page:
   * older results may still exist, ask again with `nextCursor`.
   */
  partial: z.boolean(),
});
export type SearchMessagesResponse = z.infer<typeof SearchMessagesResponse>;

export const searchRoutes = {
  searchMessages: {
    method: 'GET', path: '/api/search/messages',
    summary: 'Messages of my conversations matching words and filters, newest first, with highlighted ranges (rate limited)',
    auth: true, query: SearchMessagesQuery, response: SearchMessagesResponse,
  },
} as const satisfies Record<string, RouteDef>;
