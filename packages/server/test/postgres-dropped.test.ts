import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database';
import { dialectsUnderTest } from './helpers/databases';

const postgres = (await dialectsUnderTest()).find((d) => d.name === 'postgres');

// PostgreSQL restarting while a transaction holds a connection between two queries made the
// connection emit an 'error' nobody listened to, which ended the process (found by the soak).
describe.skipIf(!postgres)('a PostgreSQL connection dropped while checked out', () => {
  afterAll(() => postgres?.dropAll());

  it('fails that transaction and leaves the process and the pool working', async () => {
    const url = (await postgres!.create())!;
    const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const unhandled: unknown[] = [];
    const onUncaught = (err: unknown) => unhandled.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = await db.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 300));
        return sql`select 1`.execute(trx);
      }).then(() => 'committed', (err: Error) => `failed: ${err.message}`);
      expect(outcome).toMatch(/^failed/);
      expect(unhandled).toEqual([]);
      expect(await db.ping()).toBe(true);
    } finally {
      process.off('uncaughtException', onUncaught);
      await admin.end();
      await db.close();
    }
  });
});
