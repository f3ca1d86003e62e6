import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type NatterApp } from '../src/app';
import { configFromEnv } from '../src/config';
import { backoffMs } from '../src/modules/jobs/backoff';
import { JobQueue } from '../src/modules/jobs/queue';
import { dialectsUnderTest } from './helpers/databases';

const dialects = await dialectsUnderTest();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('backoff', () => {
  it('grows fourfold per attempt within ±25%, up to the cap', () => {
    const b = { baseMs: 100, maxMs: 5_000 };
    expect(backoffMs(1, b, () => 0)).toBe(75);
    expect(backoffMs(1, b, () => 1)).toBe(125);
    expect(backoffMs(2, b, () => 0.5)).toBe(400);
    expect(backoffMs(3, b, () => 0.5)).toBe(1_600);
    expect(backoffMs(9, b, () => 0.5)).toBe(5_000);
  });
});

describe.each(dialects)('durable jobs on $name', (dialect) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-jobs-'));
  let databaseUrl: string;
  const apps: NatterApp[] = [];

  beforeAll(async () => {
    databaseUrl = (await dialect.create()) ?? `sqlite:${path.join(dataDir, 'shared.db')}`;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await dialect.dropAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A node on the shared database; several of them make a cluster without Redis (jobs need none). */
  async function node(env: Record<string, string> = {}): Promise<NatterApp> {
    const config = configFromEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.NATTER_TEST_LOG ?? 'silent',
      DATA_DIR: dataDir,
      WEB_DIST: '',
      DATABASE_URL: databaseUrl,
      JOBS_POLL_MS: '50',
      JOBS_LEASE_MS: '1000',
      ...env,
    });
    const app = await buildApp({ ...config, webDist: null });
    apps.push(app);
    return app;
  }

  async function row(app: NatterApp, dedupeKey: string) {
    return app.ctx.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
  }

  it('retries a failing job with growing delays, then records it done and drops its payload', async () => {
    const app = await node();
    const attempts: number[] = [];
    app.ctx.jobs.register<{ n: number }>(
      'flaky',
      async (payload, job) => {
        expect(payload).toEqual({ n: 7 });
        attempts.push(performance.now());
        if (job.attempt < 3) throw new Error(`not yet (${job.attempt})`);
      },
      { maxAttempts: 4, backoff: { baseMs: 100 } },
    );
    expect(await app.ctx.jobs.enqueue({ kind: 'flaky', payload: { n: 7 }, dedupeKey: 'flaky-1' })).toBe(true);
    await app.ctx.jobs.idle(['flaky']);
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(70);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(290);
    const r = await row(app, 'flaky-1');
    expect(r).toMatchObject({ status: 'done', attempts: 3, payload: '{}', claimed_by: null, last_error: null });
    expect(app.ctx.jobs.stats('flaky')).toEqual({ done: 1, failed: 0 });
  });

  it('gives up after the last attempt, and at once on a permanent error', async () => {
    const app = await node();
    let tries = 0;
    app.ctx.jobs.register('doomed', async () => {
      tries++;
      throw new Error('still broken');
    }, { maxAttempts: 3, backoff: { baseMs: 20 } });
    let permanentTries = 0;
    app.ctx.jobs.register('refused', async () => {
      permanentTries++;
      throw Object.assign(new Error('550 no such mailbox'), { permanent: true });
    }, { maxAttempts: 5, isPermanent: (err) => (err as { permanent?: boolean }).permanent === true });
    await app.ctx.jobs.enqueue({ kind: 'doomed', payload: {}, dedupeKey: 'doomed-1' });
    await app.ctx.jobs.enqueue({ kind: 'refused', payload: {}, dedupeKey: 'refused-1' });
    await app.ctx.jobs.idle(['doomed', 'refused']);
    expect(tries).toBe(3);
    expect(permanentTries).toBe(1);
    expect(await row(app, 'doomed-1')).toMatchObject({ status: 'failed', attempts: 3, last_error: 'still broken', payload: '{}' });
    expect(await row(app, 'refused-1')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('stores a job once per dedupe key, even after it has run', async () => {
    const app = await node();
    const seen: string[] = [];
    app.ctx.jobs.register<string>('once', async (p) => void seen.push(p));
    expect(await app.ctx.jobs.enqueue({ kind: 'once', payload: 'a', dedupeKey: 'once-1' })).toBe(true);
    expect(await app.ctx.jobs.enqueue({ kind: 'once', payload: 'b', dedupeKey: 'once-1' })).toBe(false);
    await app.ctx.jobs.idle(['once']);
    expect(await app.ctx.jobs.enqueue({ kind: 'once', payload: 'c', dedupeKey: 'once-1' })).toBe(false);
    await app.ctx.jobs.idle(['once']);
    expect(seen).toEqual(['a']);
  });

  it('two nodes on one database run each due job once between them', async () => {
    const [a, b] = [await node(), await node()];
    const runs = new Map<string, string[]>();
    for (const app of [a, b]) {
      app.ctx.jobs.register<string>('shared', async (key) => {
        runs.set(key, [...(runs.get(key) ?? []), app.ctx.jobs.nodeId]);
        await sleep(15);
      });
    }
    const keys = Array.from({ length: 60 }, (_, i) => `shared-${i}`);
    // Both nodes enqueue every job, as two nodes reacting to the same event would.
    await Promise.all(keys.flatMap((k) => [a, b].map((app) => app.ctx.jobs.enqueue({ kind: 'shared', payload: k, dedupeKey: k }))));
    await a.ctx.jobs.idle(['shared']);
    await b.ctx.jobs.idle(['shared']);
    expect([...runs.keys()].sort()).toEqual([...keys].sort());
    for (const k of keys) expect(runs.get(k)).toHaveLength(1);
    // Both took part: the claims really competed.
    const byNode = new Set([...runs.values()].flat());
    expect(byNode.size).toBe(2);
  });

  it('jobs due after a restart run once on the node that comes back', async () => {
    const first = await node();
    const before: string[] = [];
    first.ctx.jobs.register<string>('later', async (k) => void before.push(k));
    const runAt = first.ctx.now() + 400;
    for (let i = 0; i < 10; i++) await first.ctx.jobs.enqueue({ kind: 'later', payload: `later-${i}`, dedupeKey: `later-${i}`, runAt });
    await first.close();
    const second = await node();
    const after: string[] = [];
    second.ctx.jobs.register<string>('later', async (k) => void after.push(k));
    await second.ctx.jobs.idle(['later']);
    await sleep(200);
    expect(before).toEqual([]);
    expect(after.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `later-${i}`).sort());
  });

  it('a job whose claimer died is taken over when its lease lapses, and not before', async () => {
    const app = await node();
    // A node that claims and then dies: it never reports back nor renews its lease.
    const dead = new JobQueue(app.ctx.db, app.ctx.dialect, 'dead-node', { pollMs: 60_000, leaseMs: 600, concurrency: 1, retentionMs: 60_000 }, app.ctx.log, () => Date.now());
    dead.register('orphan', async () => {});
    await app.ctx.jobs.enqueue({ kind: 'orphan', payload: {}, dedupeKey: 'orphan-1' });
    const claimedAt = Date.now();
    const claimed = await dead.claim(5);
    expect(claimed.map((j) => j.dedupe_key)).toEqual(['orphan-1']);
    const ran: number[] = [];
    app.ctx.jobs.register('orphan', async (_p, job) => void ran.push(job.attempt));
    // Halfway through the lease (counted from before the claim, so a slow claim cannot stretch it).
    await sleep(Math.max(0, claimedAt + 300 - Date.now()));
    expect(ran).toEqual([]);
    await until(() => ran.length > 0);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(590);
    await app.ctx.jobs.idle(['orphan']);
    expect(ran).toEqual([2]);
    expect(await row(app, 'orphan-1')).toMatchObject({ status: 'done', attempts: 2 });
    await dead.close(0);
  });
});
