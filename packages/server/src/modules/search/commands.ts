import type { SearchConversation, SearchHit, SearchMessagesResponse } from '@natter/protocol';
import { Id } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError } from '../../http/errors';
import { presentUserRef } from '../accounts/presenters';
import { findUserById, findUserByUsername } from '../accounts/queries';
import { accessConversation, accessRoomByName } from '../conversations/access';
import { presentMessage } from '../messages/presenters';
import { findByIds } from '../messages/queries';
import { parseSearch, type SearchParams } from './query-syntax';
import { conversationRefs, type DocFilters, matchingDocs, visibleDocs } from './queries';
import { matchRanges, textQuery } from './tokens';

/** Index candidates one request may look at, and the time it may take: a common word cannot make a query expensive. */
export const CANDIDATE_CAP = 20_000;
export const TIME_BUDGET_MS = 250;
const FIRST_CHUNK = 400;
const MAX_CHUNK = 4000;
const TOP = Number.MAX_SAFE_INTEGER;
/** Index positions one filters-only step reads at most. */
const FILTER_WINDOW = 20_000;

export interface SearchInput extends SearchParams {
  cursor?: string;
  limit: number;
}

/**
 * Searches the messages of the user's conversations, newest first. The index yields candidates in
 * chunks; each chunk is narrowed by membership and filters in SQL, then checked against the real
 * text (pairs of characters can match out of order), which also gives the highlighted ranges.
 * The cursor is the index position reached, so pages never repeat a result.
 */
export async function searchMessages(ctx: AppContext, auth: Auth, input: SearchInput): Promise<SearchMessagesResponse> {
  await spendSearch(ctx, auth.userId);
  const { text, filters } = parseSearch(input);
  const query = textQuery(text);
  const hasFilters = Object.keys(filters).length > 0;
  if (query.pieces.length === 0 && !hasFilters) {
    if (text.trim() === '') throw new AppError('invalid_query', 'type something to search for');
    return { results: [], nextCursor: null, partial: false };
  }
  const docFilters = await resolveFilters(ctx, auth, filters);
  if (!docFilters) return { results: [], nextCursor: null, partial: false };

  const started = performance.now();
  let below = input.cursor === undefined ? TOP : Math.min(TOP, Number(input.cursor));
  let scanned = 0;
  let chunk = FIRST_CHUNK;
  const hits: { docId: number; hit: Omit<SearchHit, 'conversation'> }[] = [];
  for (;;) {
    let docs: { doc_id: number; message_id: string }[];
    let exhausted: boolean;
    let reached: number;
    if (query.terms.length > 0 && docFilters.conversationId === undefined) {
      // Words across every conversation: the index proposes, membership and filters dispose.
      const ids = await matchingDocs(ctx.db, ctx.dialect, query.terms, below, chunk);
      exhausted = ids.length < chunk;
      reached = ids.at(-1) ?? 0;
      scanned += ids.length;
      docs = await visibleDocs(ctx.db, ctx.dialect, docFilters, ids, below, ids.length);
    } else if (query.terms.length > 0) {
      // One conversation: its documents newest first (an index range), then the words in their text.
      const inConversation = await visibleDocs(ctx.db, ctx.dialect, docFilters, null, below, chunk);
      exhausted = inConversation.length < chunk;
      reached = inConversation.at(-1)?.doc_id ?? 0;
      scanned += inConversation.length;
      // Read as plain text and checked here: FTS5 has no fast "which of these rows hold a term".
      const bodies = await bodiesOf(ctx, inConversation.map((d) => d.message_id));
      docs = inConversation.filter((d) => matchRanges(bodies.get(d.message_id) ?? '', query) !== null);
    } else if (docFilters.conversationId === undefined) {
      // Filters alone: a window of index positions at a time, so rare matches cannot make one call read everything.
      const top = below === TOP ? await newestDoc(ctx) : below;
      const floor = Math.max(1, top - FILTER_WINDOW);
      docs = await visibleDocs(ctx.db, ctx.dialect, docFilters, null, top, chunk, floor);
      exhausted = floor <= 1 && docs.length < chunk;
      reached = docs.length === chunk ? docs.at(-1)!.doc_id : floor;
      // A position read by range costs far less than an index candidate: ten to one against the cap.
      scanned += Math.ceil((docs.length === chunk ? top - reached : top - floor) / 10);
    } else {
      docs = await visibleDocs(ctx.db, ctx.dialect, docFilters, null, below, chunk);
      exhausted = docs.length < chunk;
      reached = docs.at(-1)?.doc_id ?? 0;
      scanned += docs.length;
    }
    const rows = new Map((await findByIds(ctx.db, docs.map((d) => d.message_id))).map((r) => [r.id, r]));
    for (const doc of docs) {
      const row = rows.get(doc.message_id);
      if (!row || row.deleted_at !== null) continue;
      const highlights = query.pieces.length > 0 ? matchRanges(row.body, query) : [];
      if (!highlights) continue;
      hits.push({ docId: doc.doc_id, hit: { message: presentMessage(row), highlights } });
      if (hits.length === input.limit) break;
    }
    if (hits.length === input.limit) {
      return { results: await withConversations(ctx, auth, hits), nextCursor: String(hits.at(-1)!.docId), partial: false };
    }
    if (exhausted) return { results: await withConversations(ctx, auth, hits), nextCursor: null, partial: false };
    below = reached;
    if (scanned >= CANDIDATE_CAP || performance.now() - started > TIME_BUDGET_MS) {
      return { results: await withConversations(ctx, auth, hits), nextCursor: String(below), partial: true };
    }
    chunk = Math.min(MAX_CHUNK, chunk * 2);
  }
}

async function bodiesOf(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('messages').select(['id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.body]));
}

async function newestDoc(ctx: AppContext): Promise<number> {
  const row = await ctx.db.selectFrom('search_docs').select((eb) => eb.fn.max('doc_id').as('top')).executeTakeFirst();
  return Number(row?.top ?? 0) + 1;
}

async function spendSearch(ctx: AppContext, userId: string): Promise<void> {
  const decision = await ctx.rateLimiter.take(`search:messages:${userId}`, { capacity: ctx.config.limits.messageSearchesPerMinute, perMs: 60_000 });
  if (decision.ok) return;
  const retryAfterS = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  throw new AppError('rate_limited', `too many searches, try again in ${retryAfterS} s`, { retryable: true, retryAfterS });
}

/** Names become ids. A conversation the user is not in is not found; an unknown sender simply matches nothing (null). */
async function resolveFilters(ctx: AppContext, auth: Auth, f: ReturnType<typeof parseSearch>['filters']): Promise<DocFilters | null> {
  const out: DocFilters = { userId: auth.userId };
  if (f.in !== undefined) {
    const byId = Id.safeParse(f.in).success ? await accessConversation(ctx, auth.userId, f.in).catch(() => null) : null;
    if (byId) out.conversationId = byId.id;
    else {
      const room = await accessRoomByName(ctx, auth.userId, f.in.replace(/^#/, '')).catch(() => null);
      if (!room || room.role === null) throw new AppError('not_found', 'conversation not found');
      out.conversationId = room.id;
    }
  }
  if (f.from !== undefined) {
    const user = (await findUserByUsername(ctx.db, f.from)) ?? (Id.safeParse(f.from).success ? await findUserById(ctx.db, f.from) : undefined);
    if (!user) return null;
    out.senderId = user.id;
  }
  if (f.has) out.has = f.has;
  if (f.before !== undefined) out.before = f.before;
  if (f.after !== undefined) out.after = f.after;
  if (f.pinned) out.pinned = true;
  if (f.mentionsMe) out.mentionsMe = true;
  return out;
}

async function withConversations(ctx: AppContext, auth: Auth, hits: { hit: Omit<SearchHit, 'conversation'> }[]): Promise<SearchHit[]> {
  const ids = [...new Set(hits.map((h) => h.hit.message.conversationId))];
  const { conversations, peers } = await conversationRefs(ctx.db, auth.userId, ids);
  const refs = new Map<string, SearchConversation>();
  for (const c of conversations) {
    const peer = peers.find((p) => p.conversation_id === c.id);
    refs.set(c.id, { id: c.id, kind: c.kind, name: c.name, peer: peer ? presentUserRef(peer) : null });
  }
  return hits.map((h) => ({ ...h.hit, conversation: refs.get(h.hit.message.conversationId)! }));
}
