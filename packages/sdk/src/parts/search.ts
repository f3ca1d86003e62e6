import type { SearchHas, SearchMessagesResponse } from '@natter/protocol';
import type { ClientCore } from './core';

/** Filters of a message search; the same ones may be written into the query (`from:ana has:file`). */
export interface SearchOptions {
  /** A conversation id or a room name. */
  in?: string;
  /** A username or user id. */
  from?: string;
  has?: SearchHas;
  /** YYYY-MM-DD (UTC) or milliseconds since the epoch. */
  before?: string | number;
  after?: string | number;
  pinned?: boolean;
  mentionsMe?: boolean;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

/** Server-side message search over every conversation I am a member of. */
export class SearchPart {
  constructor(private readonly core: ClientCore) {}

  async searchMessages(query: string, options: SearchOptions = {}): Promise<SearchMessagesResponse> {
    const q: Record<string, string | number> = { q: query };
    if (options.in !== undefined) q.in = options.in;
    if (options.from !== undefined) q.from = options.from;
    if (options.has !== undefined) q.has = options.has;
    if (options.before !== undefined) q.before = String(options.before);
    if (options.after !== undefined) q.after = String(options.after);
    if (options.pinned) q.is = 'pinned';
    if (options.mentionsMe) q.mentions = 'me';
    if (options.cursor !== undefined) q.cursor = options.cursor;
    if (options.limit !== undefined) q.limit = options.limit;
    return this.core.request('searchMessages', { query: q as never });
  }
}
