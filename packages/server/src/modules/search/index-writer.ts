import { type Kysely, sql, type Transaction } from 'kysely';
import type { Dialect } from '../../db/database';
import type { Database } from '../../db/schema';
import { documentTokens, hasLink } from './tokens';

/** Bits of search_docs.flags, for the `has:` filters. */
export const FLAG_FILE = 1;
export const FLAG_IMAGE = 2;
export const FLAG_LINK = 4;

export interface IndexedMessage {
  id: string;
  conversation_id: string;
  sender_id: string;
  created_at: number;
  body: string;
  /** The messages.attachments column: JSON list of file details, or null. */
  attachments: string | null;
}

function flagsOf(m: IndexedMessage): number {
  let flags = hasLink(m.body) ? FLAG_LINK : 0;
  if (m.attachments !== null) {
    flags |= FLAG_FILE;
    const files = JSON.parse(m.attachments) as { kind?: string; mime?: string }[];
    if (files.some((f) => f.kind === 'image' || (f.mime ?? '').startsWith('image/'))) flags |= FLAG_IMAGE;
  }
  return flags;
}

type Writer = Kysely<Database> | Transaction<Database>;

/** Adds a message to the index: a search_docs row and its tokens. Called inside the send's transaction. */
export async function indexMessage(db: Writer, dialect: Dialect, m: IndexedMessage): Promise<void> {
  const tokens = documentTokens(m.body);
  const doc = { message_id: m.id, conversation_id: m.conversation_id, sender_id: m.sender_id, created_at: m.created_at, flags: flagsOf(m) };
  if (dialect === 'postgres') {
    await db.insertInto('search_docs').values({ ...doc, tokens: sql<string>`array_to_tsvector(${tokens}::text[])` }).execute();
    return;
  }
  const inserted = await db.insertInto('search_docs').values(doc).returning('doc_id').executeTakeFirstOrThrow();
  if (tokens.length > 0) await sql`insert into search_fts (rowid, tokens) values (${inserted.doc_id}, ${tokens.join(' ')})`.execute(db);
}

/** The text of a message changed: its tokens and link flag follow, its place in the order stays. */
export async function reindexMessage(db: Writer, dialect: Dialect, messageId: string, body: string): Promise<void> {
  const doc = await db.selectFrom('search_docs').select(['doc_id', 'flags']).where('message_id', '=', messageId).executeTakeFirst();
  if (!doc) return;
  const flags = (Number(doc.flags) & ~FLAG_LINK) | (hasLink(body) ? FLAG_LINK : 0);
  const tokens = documentTokens(body);
  if (dialect === 'postgres') {
    await db.updateTable('search_docs').set({ flags, tokens: sql<string>`array_to_tsvector(${tokens}::text[])` }).where('doc_id', '=', doc.doc_id).execute();
    return;
  }
  await db.updateTable('search_docs').set({ flags }).where('doc_id', '=', doc.doc_id).execute();
  await sql`delete from search_fts where rowid = ${doc.doc_id}`.execute(db);
  if (tokens.length > 0) await sql`insert into search_fts (rowid, tokens) values (${doc.doc_id}, ${tokens.join(' ')})`.execute(db);
}

/** A deleted message leaves the index with its text. */
export async function unindexMessage(db: Writer, dialect: Dialect, messageId: string): Promise<void> {
  if (dialect === 'sqlite') {
    const doc = await db.selectFrom('search_docs').select('doc_id').where('message_id', '=', messageId).executeTakeFirst();
    if (doc) await sql`delete from search_fts where rowid = ${doc.doc_id}`.execute(db);
  }
  await db.deleteFrom('search_docs').where('message_id', '=', messageId).execute();
}

/** Rows per statement when many messages are indexed at once (well under either dialect's parameter limit). */
const ROWS_PER_STATEMENT = 500;

/**
 * Indexes many messages in a few statements, in the order given (their order in results). The
 * caller holds the transaction: on SQLite the ids follow the largest one, which its single writer
 * keeps stable meanwhile.
 */
export async function indexMessages(db: Writer, dialect: Dialect, messages: IndexedMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += ROWS_PER_STATEMENT) {
    const part = messages.slice(i, i + ROWS_PER_STATEMENT);
    const docs = part.map((m) => ({ message_id: m.id, conversation_id: m.conversation_id, sender_id: m.sender_id, created_at: m.created_at, flags: flagsOf(m) }));
    if (dialect === 'postgres') {
      // Sequence values are handed out in the order of the VALUES list.
      await db.insertInto('search_docs').values(docs.map((d, k) => ({ ...d, tokens: sql<string>`array_to_tsvector(${documentTokens(part[k]!.body)}::text[])` }))).execute();
      continue;
    }
    const top = await db.selectFrom('search_docs').select((eb) => eb.fn.max('doc_id').as('top')).executeTakeFirst();
    const first = Number(top?.top ?? 0) + 1;
    await db.insertInto('search_docs').values(docs.map((d, k) => ({ ...d, doc_id: first + k }))).execute();
    const fts = part.map((m, k) => ({ id: first + k, tokens: documentTokens(m.body).join(' ') })).filter((r) => r.tokens !== '');
    if (fts.length > 0) await sql`insert into search_fts (rowid, tokens) values ${sql.join(fts.map((r) => sql`(${r.id}, ${r.tokens})`))}`.execute(db);
  }
}

const REBUILD_BATCH = 2000;

/**
 * Indexes every message not deleted, oldest first (index order is newest-first order), in batches
 * of their own transactions; `log` hears the progress. For a migration and for a copied database.
 */
export async function rebuildSearchIndex(
  db: Kysely<Database>, dialect: Dialect, log: (line: string, total: number) => void = () => {}, inTransaction = db.isTransaction,
): Promise<number> {
  const total = Number((await db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('deleted_at', 'is', null).executeTakeFirst())?.n ?? 0);
  let done = 0;
  let after: { created_at: number; id: string } | null = null;
  let lastReport = 0;
  for (;;) {
    let q = db.selectFrom('messages').select(['id', 'conversation_id', 'sender_id', 'created_at', 'body', 'attachments']).where('deleted_at', 'is', null);
    if (after) {
      const { created_at, id } = after;
      q = q.where((eb) => eb.or([eb('created_at', '>', created_at), eb.and([eb('created_at', '=', created_at), eb('id', '>', id)])]));
    }
    const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(REBUILD_BATCH).execute();
    if (rows.length === 0) break;
    const batch = (trx: Writer) => indexMessages(trx, dialect, rows.map((row) => ({ ...row, created_at: Number(row.created_at) })));
    // Inside a transaction already (a PostgreSQL migration, a database copy), the batches share it.
    if (inTransaction) await batch(db);
    else await db.transaction().execute(batch);
    done += rows.length;
    const last = rows.at(-1)!;
    after = { created_at: Number(last.created_at), id: last.id };
    if (done - lastReport >= 50_000 || rows.length < REBUILD_BATCH) {
      lastReport = done;
      log(`search index: ${done} of ${total} messages`, total);
    }
  }
  return done;
}
