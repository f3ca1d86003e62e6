import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextId, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { png, upload } from '../helpers/files';

const SERVER_DIR = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(SERVER_DIR, 'dist/main.js');
const dialects = await dialectsUnderTest();
const postgres = dialects.find((d) => d.name === 'postgres');

/** Shared objects mapped into the process: native add-ons appear here once they are loaded. */
function mapped(pid: number): string {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
}

interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `node dist/main.js`, as `npm start` runs it after the build. */
async function startCompiled(env: Record<string, string>): Promise<Started> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-compiled-'));
  const child = spawn(process.execPath, [MAIN], {
    cwd: dataDir,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, WEB_DIST: '', LOG_LEVEL: 'warn', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = out.match(/Local:\s+(http:\/\/\S+?)\/\s/);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve(m[1].replace('localhost', '127.0.0.1'));
    });
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

describe('the compiled server (npm start)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: SERVER_DIR, stdio: 'pipe' });
  }, 60_000);

  it('is plain JavaScript that loads no TypeScript and no workspace sources', () => {
    for (const file of fs.readdirSync(path.dirname(MAIN)).filter((f) => f.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(path.dirname(MAIN), file), 'utf8'), file).not.toMatch(/(from|import\()\s*"(@natter\/[a-z]+|tsx|[^"]*\.ts)"/);
    }
  });

  it('starts on SQLite and loads the image and password libraries only when first used', async () => {
    const server = await startCompiled({});
    try {
      expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
      const pid = server.child.pid!;
      // At rest neither the hashing add-on nor libvips is in memory.
      expect(mapped(pid)).not.toMatch(/argon2/);
      expect(mapped(pid)).not.toMatch(/libvips|sharp/);
      const a = await signUp(server.url);
      expect(mapped(pid)).toMatch(/argon2/);
      expect(mapped(pid)).not.toMatch(/libvips|sharp/);
      const room = (await a.api.post('/api/rooms', { name: uniqueName('compiled') })).body.conversation;
      const uploaded = await upload(a.api, room.id, 'dot.png', await png());
      expect(uploaded.status).toBe(201);
      expect(mapped(pid)).toMatch(/libvips|sharp/);
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
    }
  }, 90_000);

  it.skipIf(!postgres)('runs a node of a cluster: PostgreSQL, Redis and metrics, a message over the socket', async () => {
    const redisUrl = process.env.NATTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const server = await startCompiled({ DATABASE_URL: (await postgres!.create())!, REDIS_URL: redisUrl, NODE_ID: uniqueName('compiled'), METRICS_TOKEN: 'compiled-start-metrics-token' });
    try {
      const ready = await fetch(`${server.url}/api/ready`);
      expect(ready.status).toBe(200);
      const a = await signUp(server.url);
      const room = (await a.api.post('/api/rooms', { name: uniqueName('cluster') })).body.conversation;
      const { socket } = await Socket.connect(server.url, a.token);
      const ack = await socket.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: `compiled-${uniqueName()}`, body: '你好, compiled' });
      expect(ack.type).toBe('ack');
      socket.close();
      const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer compiled-start-metrics-token' } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/natter_messages_sent_total 1/);
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
      await postgres!.dropAll();
    }
  }, 90_000);
});
