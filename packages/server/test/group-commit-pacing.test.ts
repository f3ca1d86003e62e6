import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/db/database';
import { commitTogether } from '../src/db/group-commit';

/**
 * SQLite commits are paced: after a commit, writes wait until the interval has passed and then
 * share one commit; a write after a quiet spell is not held back.
 */
const INTERVAL_MS = 300;
let handle: Db;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-pacing-'));
  handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'natter.db'), synchronous: 'full', commitIntervalMs: INTERVAL_MS });
});

afterAll(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A write that notes when its transaction ran; resolves (after the commit) with the time it was answered. */
function write(ranAt: number[]): Promise<number> {
  return commitTogether(handle.db, 'sqlite', async (trx) => {
    await trx.selectFrom('users').select('id').limit(1).execute();
    ranAt.push(performance.now());
  }).then(() => performance.now());
}

it('holds writes that follow a commit until the interval passed, then commits them together', async () => {
  // A quiet spell first, so the opening write is not held back by the database's opening migrations.
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS + 50));
  const first: number[] = [];
  const start = performance.now();
  await write(first);
  expect(first[0]! - start).toBeLessThan(INTERVAL_MS - 50);

  const burst: number[] = [];
  const committed = await Promise.all([write(burst), write(burst), write(burst)]);
  expect(burst).toHaveLength(3);
  // The interval counts from the moment the first commit began, which is after `start` and before
  // its work ran; measuring from `start` keeps the bound true however slowly a loaded machine runs
  // (1 ms for the timer's rounding).
  for (const at of burst) expect(at - start).toBeGreaterThanOrEqual(INTERVAL_MS - 1);
  // Together: all three ran in one transaction before any was answered.
  expect(Math.max(...burst)).toBeLessThanOrEqual(Math.min(...committed));
});
