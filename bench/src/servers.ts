import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ServerKind = 'natter' | 'socketio' | 'ws';

export interface RunningServer {
  kind: ServerKind;
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
  /** The last lines the server wrote to stderr (warnings and errors). */
  stderrTail(): string[];
}

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
/** Servers run in a temporary directory (no stray .env is read), so the loader is named by its full URL. */
const TSX = import.meta.resolve('tsx');

export interface StartOptions {
  dataDir: string;
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  cpuProfDir?: string | undefined;
  /** Another checkout of Natter to run instead of this one (for before/after comparisons). */
  natterRoot?: string | undefined;
}

/** Servers still running: killed if the benchmark itself exits early. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `natter-bench-${label}-`));
}

const compiled = new Set<string>();

/**
 * The node arguments that start Natter from a checkout: `npm start`'s compiled bundle, built once
 * per run, or the TypeScript entry through tsx for a checkout from before the build step.
 */
export function natterCommand(root: string): string {
  const build = path.join(root, 'packages/server/scripts/build.mjs');
  if (!fs.existsSync(build)) return `--import ${TSX} "${path.join(root, 'packages/server/src/main.ts')}"`;
  if (!compiled.has(root)) {
    execFileSync(process.execPath, [build], { cwd: root, stdio: 'inherit' });
    compiled.add(root);
  }
  return `"${path.join(root, 'packages/server/dist/main.js')}"`;
}

/**
 * Starts a server in its own process, through bash so the open-file limit is raised to the hard
 * limit for 10,000 sockets; `exec` keeps the pid that /proc is read from.
 */
export async function startServer(kind: ServerKind, opts: StartOptions): Promise<RunningServer> {
  const prof = opts.cpuProfDir ? `--cpu-prof --cpu-prof-dir=${opts.cpuProfDir} ` : '';
  const root = path.resolve(opts.natterRoot ?? ROOT_DIR);
  // Natter runs as in production: its compiled bundle (an older checkout without one, through tsx).
  const command =
    kind === 'natter'
      ? natterCommand(root)
      : `--import ${TSX} "${path.join(BENCH_DIR, 'baselines', kind === 'ws' ? 'ws-broadcast.ts' : 'socketio-sqlite.ts')}"`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: opts.dataDir,
    DB_FILE: path.join(opts.dataDir, 'baseline.db'),
    WEB_DIST: '',
    SQLITE_SYNCHRONOUS: 'full',
    // One address opens every benchmark socket and signs in every account.
    LOGIN_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000000',
    SIGNUP_LIMIT_PER_IP: '1000000',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.METRICS_PORT;
  delete env.METRICS_TOKEN;
  const child = spawn('bash', ['-c', `ulimit -n $(ulimit -Hn); exec node ${prof}${command}`], {
    cwd: opts.dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const tail: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  });
  const port = await listeningPort(child, kind);
  const base = `http://127.0.0.1:${port}`;
  return {
    kind,
    url: base,
    pid: child.pid!,
    dataDir: opts.dataDir,
    stderrTail: () => [...tail],
    stop: async () => {
      await stopChild(child);
      fs.rmSync(opts.dataDir, { recursive: true, force: true });
    },
  };
}

function listeningPort(child: ChildProcess, kind: ServerKind): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} server did not start within 60 s:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out) ?? /Local:\s+http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.length > 20_000) out = out.slice(-20_000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
