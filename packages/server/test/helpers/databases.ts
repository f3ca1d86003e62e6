import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface DialectUnderTest {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one server; undefined means the embedded SQLite default. */
  create(): Promise<string | undefined>;
  dropAll(): Promise<void>;
}

let pgReachable: Promise<boolean> | undefined;

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function postgres(): DialectUnderTest {
  const created: string[] = [];
  return {
    name: 'postgres',
    async create() {
      const name = `natter_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      created.push(name);
      return withDatabase(ADMIN_URL, name);
    },
    async dropAll() {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        for (const name of created.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

const sqlite: DialectUnderTest = { name: 'sqlite', create: async () => undefined, dropAll: async () => {} };

/**
 * SQLite always; PostgreSQL when reachable. In CI an unreachable PostgreSQL fails the run rather
 * than skipping half the suite without a word.
 */
export async function dialectsUnderTest(): Promise<DialectUnderTest[]> {
  pgReachable ??= probePostgres();
  if (await pgReachable) return [sqlite, postgres()];
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (CI requires it)`);
  console.warn(`\n*** PostgreSQL not reachable at ${ADMIN_URL}: running the SQLite half of the server suite only ***\n`);
  return [sqlite];
}
