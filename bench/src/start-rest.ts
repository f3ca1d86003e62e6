/**
 * Start-up and memory at rest: how long a server takes from `node` to answering /api/ready, and
 * its resident memory once it has sat idle with no connection. Natter as production runs it (the
 * compiled bundle) beside the same sources through tsx, and the two baselines for scale.
 *
 *   npm run bench:start [-- --runs 5 --idle-ms 5000]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadAverage, round, rssBytes } from './proc';
import { BENCH_DIR, natterCommand, ROOT_DIR, tempDir } from './servers';

const TSX = import.meta.resolve('tsx');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const IDLE_MS = arg('idle-ms', 5000);

interface Variant {
  name: string;
  /** Arguments to node. */
  args: string;
  /** Where it answers when it is ready. */
  readyPath: string;
}

const variants: Variant[] = [
  { name: 'Natter, compiled (npm start)', args: natterCommand(ROOT_DIR), readyPath: '/api/ready' },
  { name: 'Natter, sources through tsx', args: `--import ${TSX} "${path.join(ROOT_DIR, 'packages/server/src/main.ts')}"`, readyPath: '/api/ready' },
  { name: 'Socket.IO + SQLite baseline', args: `--import ${TSX} "${path.join(BENCH_DIR, 'baselines/socketio-sqlite.ts')}"`, readyPath: '/socket.io/?EIO=4&transport=polling' },
  { name: 'bare ws baseline', args: `--import ${TSX} "${path.join(BENCH_DIR, 'baselines/ws-broadcast.ts')}"`, readyPath: '/' },
];

async function once(variant: Variant, port: number): Promise<{ readyMs: number; rssMB: number }> {
  const dataDir = tempDir('start-rest');
  const env = {
    ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir,
    DB_FILE: path.join(dataDir, 'baseline.db'), WEB_DIST: '', LOG_LEVEL: 'warn',
  } as Record<string, string>;
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'METRICS_PORT', 'METRICS_TOKEN']) delete env[key];
  const started = performance.now();
  const child = spawn('bash', ['-c', `exec node ${variant.args}`], { cwd: dataDir, env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited with ${child.exitCode}`);
      const answered = await fetch(`http://127.0.0.1:${port}${variant.readyPath}`).then((r) => r.status < 500, () => false);
      if (answered) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { readyMs, rssMB: rssBytes(child.pid!) / 1048576 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: { name: string; readyMs: number[]; rssMB: number[] }[] = variants.map((v) => ({ name: v.name, readyMs: [], rssMB: [] }));
const loadBefore = loadAverage();
// Alternating the variants run by run, so a busier moment of a shared machine hits them alike.
for (let run = 0; run < RUNS; run++) {
  for (const [i, variant] of variants.entries()) {
    const r = await once(variant, 39_500 + i);
    rows[i]!.readyMs.push(r.readyMs);
    rows[i]!.rssMB.push(r.rssMB);
  }
}
const lines = [
  '# Start-up and memory at rest',
  '',
  `${RUNS} starts of each, alternated; RSS read after ${IDLE_MS / 1000} s idle with no connection. Load average before: ${loadBefore.join(', ')}; after: ${loadAverage().join(', ')}.`,
  '',
  '| Server | start → ready, median (min–max) | RSS at rest, median (min–max) |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| ${r.name} | ${round(median(r.readyMs), 0)} ms (${round(Math.min(...r.readyMs), 0)}–${round(Math.max(...r.readyMs), 0)}) | ${round(median(r.rssMB))} MB (${round(Math.min(...r.rssMB))}–${round(Math.max(...r.rssMB))}) |`),
  '',
];
fs.writeFileSync(path.join(BENCH_DIR, 'results/start-rest.md'), lines.join('\n'));
fs.writeFileSync(path.join(BENCH_DIR, 'results/start-rest.json'), JSON.stringify({ runs: RUNS, idleMs: IDLE_MS, loadBefore, rows }, null, 2));
console.log(lines.join('\n'));
