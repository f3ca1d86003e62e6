import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Config } from '../config';
import { pace } from './group-commit';
import { migrateToLatest } from './migrations';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Answers whether the database can serve a query right now. */
  ping(): Promise<boolean>;
  /** PostgreSQL pool occupancy, for metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its migrator
 * would apply migrations one statement at a time. Saying it does makes a failed migration roll
 * back every pending one, as on PostgreSQL (ADR 0010).
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export async function openDatabase(config: Config['database']): Promise<Db> {
  // Only the driver of the configured database is loaded: each costs memory and start time.
  const handle = config.kind === 'sqlite' ? await openSqlite(config.file, config.synchronous, config.commitIntervalMs) : await openPostgres(config);
  try {
    await migrateToLatest(handle.db as Kysely<unknown>);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return handle;
}

async function openSqlite(file: string, synchronous: 'full' | 'normal', commitIntervalMs: number): Promise<Db> {
  const { default: SQLiteDatabase } = await import('better-sqlite3');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLiteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL syncs the WAL at every commit, so an acknowledged message survives power loss, not just a crash.
  sqlite.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new TransactionalSqliteDialect({ database: withStatementCache(sqlite) }) });
  pace(db, commitIntervalMs);
  return {
    db,
    dialect: 'sqlite',
    ping: async () => sqlite.open,
    close: () => db.destroy(),
  };
}

const CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query it runs; SQLite then parses and plans the same few SQL texts again
 * and again. Prepared statements are kept by their text and reused (one still being iterated is
 * busy, and gets a fresh one).
 */
function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      // After SQLITE_FULL (or IOERR, NOMEM) SQLite may have rolled the transaction back itself; the
      // rollback Kysely then sends would fail and hide the error that matters (ADR 0009).
      if (sql === 'rollback' && !sqlite.inTransaction) return sqlite.prepare('select 0 where 0');
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
      return statement;
    },
  };
}

async function openPostgres(config: { url: string; poolSize: number }): Promise<Db> {
  const { default: pg } = await import('pg');
  // bigint columns hold millisecond timestamps and sequences: well inside Number's exact range.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  // Nor one dropped while checked out between two queries (a transaction awaiting the next step when
  // PostgreSQL restarts): the pool listens only to idle clients, and the next query fails on its own.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: config.poolSize }),
    close: () => db.destroy(),
  };
}
