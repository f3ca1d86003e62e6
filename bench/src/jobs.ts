/**
 * npm run bench:jobs [-- --jobs 2000 --nodes 2 --dialects sqlite,postgres]
 * The durable job queue (ADR 0013): `nodes` apps on one database drain `jobs` jobs that every
 * node enqueues (the same dedupe keys, as nodes reacting to one event would), each handler taking
 * 2 ms. Reports the drain rate, how many ran more than once (must be 0), and what an idle poll
 * costs (the read that finds nothing due), p50/p99 over 500 polls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type NatterApp } from '../../packages/server/src/app';
import { configFromEnv } from '../../packages/server/src/config';

const JOBS = arg('jobs', 2000);
const NODES = arg('nodes', 2);
const DIALECTS = (strArg('dialects') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const PG_ADMIN = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function arg(name: string, fallback: number): number {
  const v = strArg(name);
  return v === undefined ? fallback : Number(v);
}

async function run(dialect: 'sqlite' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-bench-jobs-'));
  let url = `sqlite:${path.join(dir, 'natter.db')}`;
  const dbName = `natter_bench_jobs_${process.pid}`;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const apps: NatterApp[] = [];
  for (let i = 0; i < NODES; i++) {
    const config = configFromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, WEB_DIST: '', DATABASE_URL: url, JOBS_POLL_MS: '100', NODE_ID: `bench-${i}` });
    apps.push(await buildApp({ ...config, webDist: null }));
  }
  const runs = new Map<string, number>();
  for (const app of apps) {
    app.ctx.jobs.register<string>('bench', async (key) => {
      runs.set(key, (runs.get(key) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    });
  }
  const started = performance.now();
  await Promise.all(apps.map(async (app) => {
    for (let i = 0; i < JOBS; i++) await app.ctx.jobs.enqueue({ kind: 'bench', payload: `k${i}`, dedupeKey: `k${i}` });
  }));
  const enqueued = (performance.now() - started) / 1000;
  for (const app of apps) await app.ctx.jobs.idle(['bench']);
  const seconds = (performance.now() - started) / 1000;
  const twice = [...runs.values()].filter((n) => n > 1).length;

  const poll: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await apps[0]!.ctx.jobs.claim(4);
    poll.push(performance.now() - t);
  }
  poll.sort((a, b) => a - b);
  const pct = (p: number) => poll[Math.min(poll.length - 1, Math.floor((p / 100) * poll.length))]!;
  for (const app of apps) await app.close();
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `${dialect}: ${NODES} nodes drained ${runs.size}/${JOBS} jobs (each enqueued ${NODES}×) in ${seconds.toFixed(2)} s = ${Math.round(runs.size / seconds)} jobs/s (the enqueues alone took ${enqueued.toFixed(2)} s); ` +
      `ran more than once: ${twice}; idle poll p50 ${pct(50).toFixed(3)} ms, p99 ${pct(99).toFixed(3)} ms`,
  );
}

for (const d of DIALECTS) await run(d);
