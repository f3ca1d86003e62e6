import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openDatabase, TransactionalSqliteDialect } from '../db/database';
import { migrateToLatest } from '../db/migrations';
import type { Database } from '../db/schema';
import { rebuildSearchIndex } from '../modules/search/index-writer';
import { OpsError } from './errors';
import { backupSqlite } from './sqlite-backup';
import { sqliteTables, type TableInfo } from './sqlite-tables';

export interface CopyResult {
  tables: { name: string; rows: number }[];
}

/** PostgreSQL allows 65535 parameters per statement; stay well under it. */
const MAX_PARAMS = 30_000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies a SQLite deployment into an empty PostgreSQL database: a consistent snapshot of the source
 * is brought to the current schema, the target gets the same migrations, then every table is copied
 * parents first, in batches, inside one transaction that commits only if every row count matches.
 */
export async function copySqliteToPostgres(opts: { from: string; to: string; batchRows?: number; log?: (line: string) => void }): Promise<CopyResult> {
  const log = opts.log ?? (() => {});
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-copy-'));
  try {
    const snapshotFile = path.join(work, 'snapshot.db');
    await backupSqlite(opts.from, snapshotFile);
    const snapshot = new SQLite(snapshotFile);
    try {
      await migrateSnapshot(snapshot);
      const target = await openDatabase({ kind: 'postgres', url: opts.to, poolSize: 1 });
      await target.close();
      log('target schema is up to date');
      return await copyTables(snapshot, opts.to, opts.batchRows ?? 1000, log);
    } finally {
      snapshot.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function migrateSnapshot(snapshot: SQLite.Database): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: snapshot }) });
  await migrateToLatest(db);
  // Not destroy(): that would close the connection this function was lent.
}

async function copyTables(snapshot: SQLite.Database, url: string, batchRows: number, log: (line: string) => void): Promise<CopyResult> {
  const tables = sqliteTables(snapshot);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await checkTarget(client, tables);
    await client.query('begin');
    const copied: CopyResult['tables'] = [];
    try {
      for (const table of tables) {
        const rows = await copyTable(snapshot, client, table, batchRows);
        log(`${table.name}: ${rows} rows`);
        copied.push({ name: table.name, rows });
      }
      await verifyCounts(snapshot, client, copied);
      await resetSequences(client, tables);
      // The search index is derived: built from the copied messages, in the same transaction.
      const indexed = await rebuildSearchIndex(onClient(client), 'postgres', () => {}, true);
      log(`search index: ${indexed} messages indexed`);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
    return { tables: copied };
  } finally {
    await client.end();
  }
}

/** Every source table and column must exist in the target, and the target must hold no rows yet. */
async function checkTarget(client: pg.Client, tables: TableInfo[]): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = current_schema()`,
  );
  const columns = new Map<string, Set<string>>();
  for (const r of rows) (columns.get(r.table_name) ?? columns.set(r.table_name, new Set()).get(r.table_name)!).add(r.column_name);
  for (const t of tables) {
    const have = columns.get(t.name);
    if (!have) throw new OpsError('schema_mismatch', `the target has no table ${t.name}`);
    const missing = t.columns.filter((c) => !have.has(c));
    if (missing.length) throw new OpsError('schema_mismatch', `the target's ${t.name} lacks column(s) ${missing.join(', ')}`);
  }
  const nonEmpty: string[] = [];
  for (const t of tables) {
    const { rows: found } = await client.query(`select 1 from ${quote(t.name)} limit 1`);
    if (found.length) nonEmpty.push(t.name);
  }
  if (nonEmpty.length) {
    throw new OpsError('target_not_empty', `the target database already holds data (${nonEmpty.join(', ')}); copy into a new, empty database`);
  }
}

async function copyTable(snapshot: SQLite.Database, client: pg.Client, table: TableInfo, batchRows: number): Promise<number> {
  const perBatch = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMS / table.columns.length)));
  const columnList = table.columns.map(quote).join(', ');
  const select = snapshot.prepare(`select ${columnList} from ${quote(table.name)} order by ${table.order}`).raw(true);
  let batch: unknown[][] = [];
  let count = 0;
  const flush = async () => {
    if (!batch.length) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await client.query(`insert into ${quote(table.name)} (${columnList}) values ${tuples.join(', ')}`, params);
    count += batch.length;
    batch = [];
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return count;
}

/** Counted on both sides inside the copy's transaction, so the commit happens only if they agree. */
async function verifyCounts(snapshot: SQLite.Database, client: pg.Client, copied: CopyResult['tables']): Promise<void> {
  for (const { name } of copied) {
    const source = Number(snapshot.prepare(`select count(*) from ${quote(name)}`).pluck().get());
    const { rows: result } = await client.query<{ n: string }>(`select count(*)::text as n from ${quote(name)}`);
    const target = Number(result[0]?.n);
    if (source !== target) throw new OpsError('verify_failed', `${name}: the source has ${source} rows but the target ${target}; nothing was committed`);
  }
}

/** Identity/serial columns would hand out ids that collide with the copied rows. */
async function resetSequences(client: pg.Client, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    for (const c of t.columns) {
      const { rows } = await client.query<{ seq: string | null }>('select pg_get_serial_sequence($1, $2) as seq', [quote(t.name), c]);
      const seq = rows[0]?.seq;
      if (seq) await client.query(`select setval($1, coalesce((select max(${quote(c)}) from ${quote(t.name)}), 0) + 1, false)`, [seq]);
    }
  }
}

/** Kysely over the copy's one connection, so what it writes belongs to the copy's transaction. */
function onClient(client: pg.Client): Kysely<Database> {
  const lent = { query: client.query.bind(client), release() {} };
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => lent as unknown as pg.PoolClient, end: async () => {} } as unknown as pg.Pool }),
  });
}
