import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresServer } from '../../../packages/server/test/cluster/helpers/postgres-server';
import { RedisServer } from '../../../packages/server/test/cluster/helpers/redis-server';
import { Nginx } from '../../../packages/server/test/cluster/helpers/nginx';
import { clusterTools, sparePort } from '../../../packages/server/test/cluster/helpers/tools';
import { Histogram } from '../histogram';
import { checkExactlyOnce, type SoakReport, type WindowSample } from './report';
import { SoakServer } from './server';
import { countError, type SoakShared, SoakUser } from './user';

export type FaultKind = 'kill9' | 'postgres-restart' | 'redis-restart' | 'node-restart';

export interface SoakOptions {
  users: number;
  roomSize: number;
  durationS: number;
  /** Mean time between two actions of one user (send, react, upload, reconnect). */
  actionEveryMs: number;
  /** A private PostgreSQL instead of SQLite (needed for postgres-restart). */
  postgres: boolean;
  /** A private Redis linked to the server (needed for redis-restart). */
  redis: boolean;
  /** Two nodes behind nginx (needs postgres and redis; node-restart stops and starts the second). */
  nodes: 1 | 2;
  /** When each fault happens, in seconds from the start. */
  faults: { atS: number; kind: FaultKind }[];
  sampleEveryS: number;
  log: (line: string) => void;
}

interface Rest {
  status: number;
  body: any;
}

async function rest(shared: SoakShared, method: string, url: string, token: string | null, body?: unknown, raw?: Buffer): Promise<Rest | null> {
  try {
    const res = await fetch(shared.url + url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(raw ? { 'content-type': 'application/octet-stream' } : body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (res.status >= 400) countError(shared, parsed?.error?.code ?? `http_${res.status}`);
    return { status: res.status, body: parsed };
  } catch {
    countError(shared, 'network');
    return null;
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((it, k) => fn(it, i + k)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-soak-'));
  const tools = o.postgres || o.redis ? clusterTools() : null;
  if ((o.postgres || o.redis) && !tools) throw new Error('a private PostgreSQL or Redis needs their server binaries');
  const postgres = o.postgres ? await PostgresServer.start(tools!.postgresBin) : null;
  const redis = o.redis ? await RedisServer.start(tools!.redisServer) : null;
  if (o.nodes === 2 && !(postgres && redis)) throw new Error('two nodes need --postgres and --redis');
  const env = (node: number) => ({
    // Both nodes share DATA_DIR: uploads on one shared path, as docs/deploy.md allows.
    DATA_DIR: path.join(work, 'data'),
    ...(postgres ? { DATABASE_URL: postgres.url, DATABASE_POOL_SIZE: '20' } : {}),
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...(o.nodes === 2 ? { BASE_PATH: '/chat', NODE_ID: `soak-node-${node}` } : {}),
    MAX_SOCKETS_PER_USER: '4',
  });
  // `server` is the node that is killed and sampled; `second` the one stopped and started behind nginx.
  const server = new SoakServer(await sparePort(), env(1));
  const second = o.nodes === 2 ? new SoakServer(await sparePort(), env(2)) : null;
  await server.start();
  await second?.start();
  const nginx = second ? await Nginx.start(tools!.nginx, [server.port, second.port], { workerConnections: 4 * o.users + 256 }) : null;
  const windowHist = new Histogram();
  const totalHist = new Histogram();
  const shared: SoakShared = {
    url: nginx?.url ?? server.url,
    errors: new Map(),
    stopped: false,
    delivered(ms) {
      windowHist.record(ms * 1000);
      totalHist.record(ms * 1000);
    },
  };
  const users: SoakUser[] = [];
  const faultsDone: SoakReport['faults'] = [];
  const windows: WindowSample[] = [];
  const actions = { sends: 0, reactions: 0, reactionsOk: 0, uploads: 0, uploadsOk: 0, reconnects: 0 };
  let stopActions = false;
  try {
    // Accounts and rooms of `roomSize`, every user in one room.
    const t0 = Date.now();
    const accounts: { id: string; username: string; token: string }[] = [];
    await inBatches(Array.from({ length: o.users }, (_, i) => i), 8, async (i) => {
      const username = `soak${i}_${t0.toString(36).slice(-5)}`;
      const r = await rest(shared, 'POST', '/api/auth/register', null, { username, password: 'correct horse battery' });
      if (r?.status !== 201) throw new Error(`sign-up failed: ${r?.status} ${JSON.stringify(r?.body)}`);
      accounts[i] = { id: r.body.user.id, username, token: r.body.token };
    });
    const roomCount = Math.ceil(o.users / o.roomSize);
    const members = new Map<string, string[]>();
    await inBatches(Array.from({ length: roomCount }, (_, i) => i), 4, async (k) => {
      const group = accounts.slice(k * o.roomSize, (k + 1) * o.roomSize);
      const owner = group[0]!;
      const room = await rest(shared, 'POST', '/api/rooms', owner.token, { name: `soak-${t0.toString(36)}-${k}`, visibility: 'private' });
      if (room?.status !== 201) throw new Error(`room not created: ${room?.status}`);
      const id = room.body.conversation.id as string;
      for (const m of group.slice(1)) {
        const added = await rest(shared, 'POST', `/api/conversations/${id}/members`, owner.token, { username: m.username });
        if (added?.status !== 204) throw new Error(`member not added: ${added?.status}`);
      }
      members.set(id, group.map((g) => g.id));
    });
    const roomOf = new Map<string, string>();
    for (const [room, ids] of members) for (const id of ids) roomOf.set(id, room);
    for (const a of accounts) users.push(new SoakUser(shared, a.id, a.token, [roomOf.get(a.id)!]));
    await inBatches(users, 50, async (u) => {
      u.connect();
      await sleep(5);
    });
    const connectDeadline = Date.now() + 60_000;
    while (users.some((u) => !u.online) && Date.now() < connectDeadline) await sleep(50);
    o.log(`soak: ${o.users} users in ${roomCount} rooms connected in ${((Date.now() - t0) / 1000).toFixed(1)} s; running ${o.durationS} s`);

    // The run: every user acts now and then; faults happen on schedule; samples every few seconds.
    const started = Date.now();
    const atS = () => Math.round((Date.now() - started) / 100) / 10;
    const file = Buffer.alloc(1024, 65);
    const act = async (u: SoakUser) => {
      const room = u.rooms[0]!;
      const roll = Math.random();
      if (roll < 0.8) {
        actions.sends++;
        u.send(room, `hello from ${u.userId}`);
      } else if (roll < 0.87) {
        const target = u.recent.get(room)?.at(-1);
        if (!target) return;
        actions.reactions++;
        const r = await rest(shared, Math.random() < 0.7 ? 'PUT' : 'DELETE', `/api/conversations/${room}/messages/${target}/reactions/${encodeURIComponent('👍')}`, u.token);
        if (r && r.status < 300) actions.reactionsOk++;
      } else if (roll < 0.92) {
        actions.uploads++;
        const r = await rest(shared, 'POST', `/api/conversations/${room}/files?name=soak.txt`, u.token, undefined, file);
        if (r?.status === 201) {
          actions.uploadsOk++;
          actions.sends++;
          u.send(room, 'a file', [r.body.file.id]);
        }
      } else {
        actions.reconnects++;
        u.dropConnection();
      }
    };
    const loops = users.map(async (u) => {
      await sleep(Math.random() * o.actionEveryMs);
      while (!stopActions) {
        await act(u).catch(() => countError(shared, 'client_exception'));
        await sleep(o.actionEveryMs * (0.5 + Math.random()));
      }
    });
    const schedule = [...o.faults].sort((a, b) => a.atS - b.atS);
    const faultLoop = (async () => {
      for (const f of schedule) {
        while (!stopActions && atS() < f.atS) await sleep(100);
        if (stopActions) return;
        const t = Date.now();
        if (f.kind === 'kill9') await server.kill9AndRestart();
        else if (f.kind === 'node-restart') await second!.stopAndStart();
        else if (f.kind === 'postgres-restart') {
          await postgres!.down();
          await sleep(1000);
          await postgres!.up();
        } else {
          await redis!.down();
          await sleep(1000);
          await redis!.up();
        }
        faultsDone.push({ atS: f.atS, kind: f.kind, tookMs: Date.now() - t });
        o.log(`soak: ${f.kind} at ${f.atS} s (back in ${Date.now() - t} ms)`);
      }
    })();
    let nextSample = 0;
    while (atS() < o.durationS) {
      await sleep(200);
      if (atS() >= nextSample + o.sampleEveryS) {
        nextSample += o.sampleEveryS;
        const s = windowHist.summary();
        windowHist.reset();
        const p = server.sample(atS());
        windows.push({ atS: nextSample, deliveries: s.count, p50Ms: s.p50, p99Ms: s.p99, rssMB: p?.rssMB ?? null, fds: p?.fds ?? null, online: users.filter((u) => u.online).length });
      }
    }
    stopActions = true;
    await Promise.all([...loops, faultLoop]);

    // Drain: every send acknowledged, then every acknowledged message delivered to every member.
    const drainDeadline = Date.now() + 90_000;
    while (Date.now() < drainDeadline && users.some((u) => u.pending.size > 0 || !u.online)) await sleep(100);
    const heads = new Map<string, number>();
    for (const u of users) for (const a of u.acked.values()) heads.set(a.conversationId, Math.max(heads.get(a.conversationId) ?? 0, a.seq));
    while (Date.now() < drainDeadline && users.some((u) => u.rooms.some((r) => (u.cursors.get(r) ?? 0) < (heads.get(r) ?? 0)))) await sleep(100);

    const reader = accounts[0]!;
    const stored = new Map<string, any[]>();
    for (const [room, ids] of members) {
      const token = accounts.find((a) => a.id === ids[0])?.token ?? reader.token;
      const rows: any[] = [];
      let before: number | undefined;
      for (;;) {
        const query = `/api/conversations/${room}/messages?limit=200${before ? `&before=${before}` : ''}`;
        let page = await rest(shared, 'GET', query, token);
        // A busy server may refuse a connection now and then: a few tries before the run is called failed.
        for (let attempt = 1; attempt < 6 && (!page || page.status >= 500); attempt++) {
          await sleep(1000 * attempt);
          page = await rest(shared, 'GET', query, token);
        }
        if (!page || page.status !== 200) throw new Error(`history of ${room} failed: ${page?.status ?? 'no answer'}\n${server.stderrTail().join('\n')}`);
        rows.unshift(...page.body.messages);
        if (!page.body.hasMore) break;
        before = page.body.messages[0].seq;
      }
      stored.set(room, rows);
    }
    const final = server.sample(atS());
    return {
      options: { users: o.users, roomSize: o.roomSize, durationS: o.durationS, actionEveryMs: o.actionEveryMs, database: o.postgres ? 'postgres' : 'sqlite', redis: o.redis, nodes: o.nodes },
      startedAt: new Date(started).toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      faults: faultsDone,
      restarts: server.restarts + (second?.restarts ?? 0),
      actions,
      exactlyOnce: checkExactlyOnce(users, members, stored),
      stillPending: users.reduce((n, u) => n + u.pending.size, 0),
      errors: Object.fromEntries([...shared.errors].sort((a, b) => b[1] - a[1])),
      delivery: totalHist.summary(),
      windows,
      final: final ? { rssMB: final.rssMB, fds: final.fds } : null,
      serverStderrTail: server.stderrTail().slice(-10),
    };
  } finally {
    stopActions = true;
    shared.stopped = true;
    for (const u of users) u.close();
    await server.stop();
    await second?.stop();
    await nginx?.stop();
    await postgres?.destroy();
    await redis?.down();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
