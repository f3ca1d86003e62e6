import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../../db/database';
import type { Database } from '../../db/schema';
import { FLAG_FILE, FLAG_IMAGE, FLAG_LINK } from './index-writer';
import type { IndexTerm } from './tokens';

/** The filters once names are resolved to ids. */
export interface DocFilters {
  userId: string;
  conversationId?: string;
  senderId?: string;
  has?: 'file' | 'image' | 'link';
  before?: number;
  after?: number;
  pinned?: boolean;
  mentionsMe?: boolean;
}

/*
 * Tokens hold only letters, digits, CJK characters and emoji (tokens.ts), never quotes, backslashes
 * or ASCII punctuation, so quoting them makes every one a plain term for FTS5 and for tsquery: no
 * word of a query is ever read as an operator (NEAR, OR, -, *).
 */
function ftsMatch(terms: IndexTerm[]): string {
  return terms.map((t) => `"${t.token}"${t.prefix ? '*' : ''}`).join(' ');
}

function tsQuery(terms: IndexTerm[]): string {
  return terms.map((t) => `'${t.token}'${t.prefix ? ':*' : ''}`).join(' & ');
}

/** Documents holding every term, newest first, below `belowDoc`: the raw candidates, before any filter. */
export async function matchingDocs(db: Kysely<Database>, dialect: Dialect, terms: IndexTerm[], belowDoc: number, limit: number): Promise<number[]> {
  const rows = dialect === 'sqlite'
    ? await sql<{ doc_id: number }>`select rowid as doc_id from search_fts where search_fts match ${ftsMatch(terms)} and rowid < ${belowDoc} order by rowid desc limit ${limit}`.execute(db)
    : await sql<{ doc_id: number }>`select doc_id from search_docs where tokens @@ ${tsQuery(terms)}::tsquery and doc_id < ${belowDoc} order by doc_id desc limit ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.doc_id));
}

/**
 * Documents the user may see that pass the filters, newest first: among `docIds` when given,
 * otherwise below `belowDoc` (and at or above `floorDoc`, which bounds the rows one call reads). Only conversations the user is a member of now (leaving a room ends
 * access to all of its history, as for reading it), never senders the user blocked.
 */
export async function visibleDocs(
  db: Kysely<Database>, dialect: Dialect, f: DocFilters, docIds: number[] | null, belowDoc: number, limit: number, floorDoc = 0,
): Promise<{ doc_id: number; message_id: string }[]> {
  let q = db.selectFrom('search_docs as d').select(['d.doc_id', 'd.message_id']);
  if (docIds) {
    if (docIds.length === 0) return [];
    q = dialect === 'sqlite'
      ? q.where(sql<boolean>`d.doc_id in (select value from json_each(${JSON.stringify(docIds)}))`)
      : q.where(sql<boolean>`d.doc_id = any(${docIds}::bigint[])`);
  } else {
    q = q.where('d.doc_id', '<', belowDoc);
    if (floorDoc > 0) q = q.where('d.doc_id', '>=', floorDoc);
  }
  if (f.conversationId !== undefined) q = q.where('d.conversation_id', '=', f.conversationId);
  else q = q.where('d.conversation_id', 'in', db.selectFrom('members').select('conversation_id').where('user_id', '=', f.userId));
  q = q.where('d.sender_id', 'not in', db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', f.userId));
  if (f.senderId !== undefined) q = q.where('d.sender_id', '=', f.senderId);
  if (f.before !== undefined) q = q.where('d.created_at', '<', f.before);
  if (f.after !== undefined) q = q.where('d.created_at', '>=', f.after);
  if (f.has) {
    const bit = f.has === 'file' ? FLAG_FILE : f.has === 'image' ? FLAG_IMAGE : FLAG_LINK;
    q = q.where(sql<boolean>`(d.flags & ${sql.lit(bit)}) <> 0`);
  }
  if (f.pinned) {
    q = q.where((eb) => eb.exists(eb.selectFrom('messages as m').select(sql.lit(1).as('one')).whereRef('m.id', '=', 'd.message_id').where('m.pinned_at', 'is not', null)));
  }
  if (f.mentionsMe) {
    const userId = f.userId;
    q = q.where((eb) => eb.exists(eb.selectFrom('messages as m').select(sql.lit(1).as('one')).whereRef('m.id', '=', 'd.message_id').where((m) => m.or([
      m('m.mentions_room', '=', 1),
      m.exists(m.selectFrom('message_mentions as mm').select(sql.lit(1).as('one'))
        .whereRef('mm.conversation_id', '=', 'm.conversation_id').where('mm.user_id', '=', userId).whereRef('mm.seq', '=', 'm.seq')),
    ]))));
  }
  const rows = await q.orderBy('d.doc_id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ doc_id: Number(r.doc_id), message_id: r.message_id }));
}

/** How each conversation of the results is shown: its name, or the other member of a direct one. */
export async function conversationRefs(db: Kysely<Database>, userId: string, ids: string[]) {
  if (ids.length === 0) return { conversations: [], peers: [] };
  const conversations = await db.selectFrom('conversations').select(['id', 'kind', 'name']).where('id', 'in', ids).execute();
  const dms = conversations.filter((c) => c.kind === 'dm').map((c) => c.id);
  const peers = dms.length === 0 ? [] : await db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['members.conversation_id', 'users.id', 'users.username', 'users.deleted_at'])
    .where('members.conversation_id', 'in', dms)
    .where('members.user_id', '<>', userId)
    .execute();
  return { conversations, peers };
}
