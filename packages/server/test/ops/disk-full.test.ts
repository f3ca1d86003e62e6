import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterTools } from '../cluster/helpers/tools';
import { PostgresServer } from '../cluster/helpers/postgres-server';
import { Api, nextId, signUp, Socket } from '../helpers/clients';
import { upload } from '../helpers/files';
import { kill9, spawnServer, type ServerProcess } from '../helpers/process';
import { mountSmallFs, type SmallFs } from '../helpers/small-fs';

// A full disk answers storage_full (507 for uploads, 503 elsewhere, Retry-After), an error frame on the
// socket, a log line naming what is full, /api/ready not ready; space coming back heals it without a
// restart, and every message acknowledged before, during and after is there exactly once (ADR 0009).

const BODY = 'x'.repeat(3900);

async function readyState(url: string) {
  const res = await fetch(`${url}/api/ready`);
  return { status: res.status, body: (await res.json()) as any };
}

async function allMessages(api: Api, conversationId: string): Promise<any[]> {
  const stored: any[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await api.get(`/api/conversations/${conversationId}/messages?limit=200${before ? `&before=${before}` : ''}`);
    stored.unshift(...page.body.messages);
    if (!page.body.hasMore) break;
    before = page.body.messages[0].seq;
  }
  return stored;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function diskFullScenario(server: ServerProcess, disk: SmallFs, whatIsFull: RegExp): Promise<void> {
  const alice = await signUp(server.url);
  const bob = await signUp(server.url);
  const general = (await alice.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
  const { socket } = await Socket.connect(server.url, alice.token);
  // Three sockets sending at once share SQLite's group commits, so a whole shared transaction fails too.
  const others = await Promise.all([alice, bob].map(async (u) => (await Socket.connect(server.url, u.token)).socket));
  const acked = new Map<string, number>();
  const send = async (clientMsgId: string, via = socket) => {
    const answer = await via.request({ type: 'send', id: nextId(), conversationId: general.id, clientMsgId, body: `${clientMsgId} ${BODY}` }) as any;
    if (answer.type === 'ack') acked.set(clientMsgId, answer.message.seq);
    return answer;
  };
  for (let i = 0; i < 20; i++) expect((await send(`before-${i}`)).type).toBe('ack');

  disk.fill();
  const big = await upload(alice.api, general.id, 'big.bin', Buffer.alloc(2 * 1024 * 1024, 7));
  expect(big.status).toBe(507);
  expect(big.body.error).toMatchObject({ code: 'storage_full', retryable: true });
  expect(Number(big.headers.get('retry-after'))).toBeGreaterThan(0);

  // The database may still have room in pages and log it already holds: send until it has none.
  let refused: any = null;
  for (let i = 0; i < 1000 && !refused; i++) {
    const answers = await Promise.all([socket, ...others].map((via, k) => send(`during-${k}-${i}`, via)));
    refused = answers.find((a) => a.type === 'error') ?? null;
    for (const a of answers) if (a.type === 'error') expect(a, server.output().slice(-4000)).toMatchObject({ code: 'storage_full', retryable: true });
  }
  expect(refused, 'a send was refused once the disk was full').not.toBeNull();
  expect(refused, server.output().slice(-4000)).toMatchObject({ type: 'error', code: 'storage_full', retryable: true });
  expect(refused.id).toMatch(/^r\d+$/);

  const rest = await bob.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'rest-while-full', body: 'hello' });
  expect(rest.status).toBe(503);
  expect(rest.body.error.code).toBe('storage_full');
  expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);

  const signUpWhileFull = await new Api(server.url).post('/api/auth/register', { username: 'while_full', password: 'correct horse 1' });
  // PostgreSQL may still fit a row in a page the table already has; never a 500 either way.
  if (signUpWhileFull.status !== 201) {
    expect(signUpWhileFull.status).toBe(503);
    expect(signUpWhileFull.body.error.code).toBe('storage_full');
  }

  const notReady = await readyState(server.url);
  expect(notReady.status).toBe(503);
  expect(notReady.body.error.code).toBe('storage_full');
  expect(JSON.stringify(notReady.body.error.issues)).toMatch(whatIsFull);
  expect(server.output()).toMatch(/storage full: .*has no space left/);
  expect(server.output()).toMatch(whatIsFull);
  expect(server.output()).not.toMatch(/"level":50.*request failed/);
  // Still full: readiness measures again and stays not ready.
  await new Promise((r) => setTimeout(r, 1200));
  expect((await readyState(server.url)).status).toBe(503);

  disk.release();
  // No write needed: measuring the free space is enough for readiness to recover.
  await until('ready again', async () => ((await readyState(server.url)).status === 200 ? true : null));
  for (let i = 0; i < 10; i++) {
    const answer = await send(`after-${String(i).padStart(3, "0")}`);
    expect(answer.type, `${JSON.stringify(answer)}\n${server.output().slice(-3000)}`).toBe('ack');
  }
  const small = await upload(alice.api, general.id, 'small.bin', Buffer.alloc(64 * 1024, 7));
  expect(small.status).toBe(201);
  const retried = await bob.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'rest-while-full', body: 'hello' });
  expect(retried.status).toBe(201);
  for (const s of [socket, ...others]) s.close();

  const stored = await allMessages(alice.api, general.id);
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  const counts = new Map<string, number>();
  for (const m of stored) counts.set(m.clientMsgId, (counts.get(m.clientMsgId) ?? 0) + 1);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  for (const [clientMsgId, seq] of acked) expect(stored.find((m) => m.clientMsgId === clientMsgId)?.seq, clientMsgId).toBe(seq);
  expect(acked.size).toBeGreaterThanOrEqual(30);
}

// Mounted when a test runs (not when the file is collected), so a filtered run mounts nothing.
describe('a full disk on SQLite (DATA_DIR and the database on a small file system)', () => {
  let disk: SmallFs | null = null;
  afterAll(() => disk?.unmount());

  it('answers storage_full, says what is full, and heals when space returns', async (ctx) => {
    disk = mountSmallFs(24);
    if (!disk) return ctx.skip();
    const dataDir = path.join(disk.dir, 'data');
    const server = await spawnServer({ DATA_DIR: dataDir });
    try {
      await diskFullScenario(server, disk, new RegExp(`${dataDir}/natter\\.db|${dataDir}/uploads`));
    } finally {
      await kill9(server);
    }
  }, 120_000);
});

describe('a full disk under PostgreSQL (a private instance whose data directory is on a small file system)', () => {
  let disk: SmallFs | null = null;
  let postgres: PostgresServer | null = null;
  afterAll(async () => {
    await postgres?.destroy();
    disk?.unmount();
  });

  it('answers storage_full, says what is full, and heals when space returns', async (ctx) => {
    const tools = clusterTools();
    disk = tools ? mountSmallFs(96) : null;
    if (!tools || !disk) return ctx.skip();
    postgres = await PostgresServer.start(tools.postgresBin, { baseDir: disk.dir, walSegmentMb: 1 });
    const dataDir = path.join(disk.dir, 'natter');
    fs.mkdirSync(dataDir);
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: postgres.url });
    try {
      await diskFullScenario(server, disk, /PostgreSQL database postgres on 127\.0\.0\.1/);
    } finally {
      await kill9(server);
    }
  }, 180_000);
});
