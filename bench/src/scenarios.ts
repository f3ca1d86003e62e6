import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA } from '../baselines/socketio-schema';
import { Fleet } from './fleet';
import type { Histogram } from './histogram';
import type { ClientSpec } from './load/clients';
import type { Verified } from './load/messages';
import { historyBody, seedNatter, type SeedPlan } from './natter/seed';
import { CpuWindow, round, rssBytes } from './proc';
import type { Scale } from './scale';
import { type RunningServer, type ServerKind, startServer, tempDir } from './servers';

/** p99 delivery latency past which a rate no longer counts as sustained. */
export const P99_LIMIT_MS = 250;
/** A step whose deliveries fall this far short of what was offered is not sustained either. */
const DELIVERED_SHARE = 0.9;

type Latency = ReturnType<Histogram['summary']>;

export interface StepResult {
  ratePerClient: number;
  offeredMsgsPerSec: number;
  sent: number;
  acked: number;
  errors: number;
  deliveredPerSec: number;
  latencyMs: Latency;
  cpuSeconds: number;
  wallSeconds: number;
  deliveriesPerCpuSecond: number | null;
  rssMB: number;
  sustained: boolean;
}

export interface ExactlyOnce {
  deliveries: number;
  duplicates: number;
  gaps: number;
  /** Messages a member should have received by the end and did not. */
  missing: number;
  ok: boolean;
}

export interface ScenarioResult {
  scenario: 'rooms' | 'dms' | 'idle' | 'history' | 'storm';
  server: ServerKind;
  connect: { clients: number; failed: number; ms: Latency; errors: string[] };
  steps?: StepResult[];
  sustained?: StepResult | null;
  idle?: { connections: number; rssBeforeMB: number; rssAfterMB: number; rssPerConnectionKB: number; cpuSecondsAtRest: number; restSeconds: number; cpuPercentAtRest: number };
  history?: { stored: number; requests: number; failed: number; ms: Latency; cpuSeconds: number };
  storm?: { clients: number; spreadMs: number; failed: number; welcomeMs: Latency; wallSeconds: number; missedDelivered: number; expectedMissed: number; cpuSeconds: number; deliveriesPerCpuSecond: number | null; rssMB: number };
  exactlyOnce?: ExactlyOnce;
  notes: string[];
}

export interface RunOptions {
  scale: Scale;
  cpuProfDir?: string | undefined;
  natterRoot?: string | undefined;
  log: (line: string) => void;
}

interface Setup {
  server: RunningServer;
  fleet: Fleet;
  clients: ClientSpec[];
  conversations: { id: string; members: number[] }[];
}

async function setUp(kind: ServerKind, plan: SeedPlan, o: RunOptions, connectNow = true): Promise<Setup & { connect: ScenarioResult['connect'] }> {
  const dataDir = tempDir(kind);
  let clients: ClientSpec[];
  let conversations: Setup['conversations'];
  if (kind === 'natter') {
    const seeded = await seedNatter(path.join(dataDir, 'natter.db'), plan);
    conversations = seeded.conversations;
    const convOf = conversationOfEach(plan.users, conversations);
    clients = seeded.users.map((u, idx) => ({ idx, token: u.token, conversations: [convOf[idx]!] }));
  } else {
    conversations = groups(plan).map((members, k) => ({ id: `r${k}`, members }));
    const convOf = conversationOfEach(plan.users, conversations);
    clients = Array.from({ length: plan.users }, (_, idx) => ({ idx, token: `u${idx}`, conversations: [convOf[idx]!] }));
    if (kind === 'socketio' && plan.history) seedSocketIoHistory(path.join(dataDir, 'baseline.db'), plan.history, conversations[0]!.members);
  }
  const server = await startServer(kind, { dataDir, cpuProfDir: o.cpuProfDir, natterRoot: o.natterRoot });
  const fleet = await Fleet.start(o.scale.workers);
  let connect: ScenarioResult['connect'] = { clients: 0, failed: 0, ms: emptyLatency(), errors: [] };
  if (connectNow) {
    const c = await fleet.connect(kind, server.url, clients);
    connect = { clients: clients.length, failed: c.failed, ms: c.ms.summary(), errors: c.errors.slice(0, 5) };
    o.log(`  ${kind}: ${clients.length - c.failed}/${clients.length} connected (p50 ${c.ms.summary().p50} ms)`);
  }
  return { server, fleet, clients, conversations, connect };
}

async function tearDown(s: Setup): Promise<void> {
  await s.fleet.stop();
  await s.server.stop();
}

function groups(plan: SeedPlan): number[][] {
  const out: number[][] = [];
  const size = plan.dmPairs ? 2 : (plan.roomSize ?? plan.users);
  for (let start = 0; start < plan.users; start += size) out.push(Array.from({ length: Math.min(size, plan.users - start) }, (_, i) => start + i));
  return out;
}

function conversationOfEach(users: number, conversations: Setup['conversations']): string[] {
  const out: string[] = new Array(users);
  for (const c of conversations) for (const m of c.members) out[m] ??= c.id;
  return out;
}

function seedSocketIoHistory(file: string, messages: number, members: number[]): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const insert = db.prepare('insert into messages (id, room, seq, sender, body, client_msg_id, created_at) values (?, ?, ?, ?, ?, null, ?)');
  const start = Date.now() - messages * 1000;
  db.transaction(() => {
    for (let seq = 1; seq <= messages; seq++) insert.run(`h${seq}`, 'r0', seq, `u${members[seq % members.length]}`, historyBody(seq), start + seq * 1000);
    db.prepare('insert into rooms (id, last_seq) values (?, ?)').run('r0', messages);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function emptyLatency(): Latency {
  return { count: 0, p50: null, p95: null, p99: null, max: null, mean: null };
}

/** Every member must hold every acknowledged message of its conversation, once. */
export function exactlyOnce(verified: Verified[], clients: ClientSpec[], conversations: Setup['conversations']): ExactlyOnce {
  const acked = new Map<string, number>();
  for (const v of verified) for (const [conv, n] of Object.entries(v.ackedPerConv)) acked.set(conv, (acked.get(conv) ?? 0) + n);
  const lastSeen = new Map<number, Record<string, number>>();
  // Workers hold clients dealt round-robin, in order.
  verified.forEach((v, w) => v.lastSeen.forEach((seen, k) => lastSeen.set(k * verified.length + w, seen)));
  let missing = 0;
  for (const conv of conversations) {
    const head = acked.get(conv.id) ?? 0;
    if (head === 0) continue;
    for (const m of conv.members) if (clients[m]) missing += Math.max(0, head - (lastSeen.get(m)?.[conv.id] ?? 0));
  }
  const duplicates = verified.reduce((a, v) => a + v.totals.duplicates, 0);
  const gaps = verified.reduce((a, v) => a + v.totals.gaps, 0);
  return { deliveries: verified.reduce((a, v) => a + v.totals.deliveries, 0), duplicates, gaps, missing, ok: duplicates === 0 && gaps === 0 && missing === 0 && acked.size > 0 };
}

async function ramp(s: Setup, kind: ServerKind, cfg: { rates: number[]; firstMs: number; stepMs: number; warmupMs: number }, fanOut: number, o: RunOptions): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const [i, rate] of cfg.rates.entries()) {
    const cpu = new CpuWindow(s.server.pid);
    const r = await s.fleet.step(rate, i === 0 ? cfg.firstMs : cfg.stepMs, cfg.warmupMs);
    const { cpuSeconds, wallSeconds } = cpu.end();
    const offered = rate * s.clients.length;
    const latencyMs = r.latency.summary();
    const sustained = latencyMs.p99 !== null && latencyMs.p99 < P99_LIMIT_MS && r.errors === 0 && r.deliveredPerSecond >= DELIVERED_SHARE * offered * fanOut;
    const step: StepResult = {
      ratePerClient: rate,
      offeredMsgsPerSec: offered,
      sent: r.sent,
      acked: r.acked,
      errors: r.errors,
      deliveredPerSec: Math.round(r.deliveredPerSecond),
      latencyMs,
      cpuSeconds,
      wallSeconds,
      deliveriesPerCpuSecond: cpuSeconds > 0 ? Math.round(r.deliveries / cpuSeconds) : null,
      rssMB: round(rssBytes(s.server.pid) / 2 ** 20),
      sustained,
    };
    steps.push(step);
    o.log(`  ${kind} ${rate}/s each: ${step.deliveredPerSec} deliveries/s, p50 ${latencyMs.p50} p99 ${latencyMs.p99} ms, ${cpuSeconds} CPU-s, ${step.deliveriesPerCpuSecond} deliveries/CPU-s${sustained ? '' : ' (not sustained)'}`);
    if (!sustained) break;
  }
  return steps;
}

export async function roomsScenario(kind: ServerKind, o: RunOptions): Promise<ScenarioResult> {
  const { users, roomSize } = o.scale.rooms;
  return fanOutScenario('rooms', kind, { users, roomSize }, o.scale.rooms, roomSize, o);
}

export async function dmsScenario(kind: ServerKind, o: RunOptions): Promise<ScenarioResult> {
  return fanOutScenario('dms', kind, { users: o.scale.dms.users, dmPairs: true }, o.scale.dms, 2, o);
}

async function fanOutScenario(
  scenario: 'rooms' | 'dms',
  kind: ServerKind,
  plan: SeedPlan,
  cfg: { rates: number[]; firstMs: number; stepMs: number; warmupMs: number },
  fanOut: number,
  o: RunOptions,
): Promise<ScenarioResult> {
  const s = await setUp(kind, plan, o);
  try {
    const steps = await ramp(s, kind, cfg, fanOut, o);
    const verified = await s.fleet.verify();
    const closed = verified.reduce((a, v) => a + v.totals.closed, 0);
    const notes = [...new Set(verified.flatMap((v) => v.errorSamples))].slice(0, 5);
    if (closed > 0) notes.push(`${closed} sockets were closed during the run`);
    for (const line of s.server.stderrTail().slice(-5)) notes.push(`server: ${line.slice(0, 300)}`);
    return {
      scenario,
      server: kind,
      connect: s.connect,
      steps,
      sustained: [...steps].reverse().find((x) => x.sustained) ?? null,
      exactlyOnce: exactlyOnce(verified, s.clients, s.conversations),
      notes,
    };
  } finally {
    await tearDown(s);
  }
}

export async function idleScenario(kind: ServerKind, o: RunOptions): Promise<ScenarioResult> {
  const { users, restMs, settleMs } = o.scale.idle;
  const s = await setUp(kind, { users, roomSize: 20 }, o, false);
  try {
    await sleep(settleMs);
    const before = rssBytes(s.server.pid);
    const c = await s.fleet.connect(kind, s.server.url, s.clients, 48);
    o.log(`  ${kind}: ${users - c.failed}/${users} idle sockets open`);
    await sleep(settleMs);
    const cpu = new CpuWindow(s.server.pid);
    await sleep(restMs);
    const { cpuSeconds, wallSeconds } = cpu.end();
    const after = rssBytes(s.server.pid);
    const open = users - c.failed;
    const idle = {
      connections: open,
      rssBeforeMB: round(before / 2 ** 20),
      rssAfterMB: round(after / 2 ** 20),
      rssPerConnectionKB: open > 0 ? round((after - before) / open / 1024) : 0,
      cpuSecondsAtRest: cpuSeconds,
      restSeconds: wallSeconds,
      cpuPercentAtRest: round((cpuSeconds / wallSeconds) * 100, 2),
    };
    o.log(`  ${kind}: ${idle.rssPerConnectionKB} KB per connection, ${idle.cpuPercentAtRest}% CPU at rest`);
    return { scenario: 'idle', server: kind, connect: { clients: users, failed: c.failed, ms: c.ms.summary(), errors: c.errors.slice(0, 5) }, idle, notes: [] };
  } finally {
    await tearDown(s);
  }
}

export async function historyScenario(kind: ServerKind, o: RunOptions): Promise<ScenarioResult> {
  const { messages, requests } = o.scale.history;
  const s = await setUp(kind, { users: 20, roomSize: 20, history: messages }, o);
  try {
    const warm = await s.fleet.history(s.conversations[0]!.id, Math.min(50, requests), messages);
    void warm;
    const cpu = new CpuWindow(s.server.pid);
    const r = await s.fleet.history(s.conversations[0]!.id, requests, messages);
    const { cpuSeconds } = cpu.end();
    const ms = r.ms.summary();
    o.log(`  ${kind}: history p50 ${ms.p50} p99 ${ms.p99} ms over ${requests} pages (${r.failed} failed)`);
    return { scenario: 'history', server: kind, connect: s.connect, history: { stored: messages, requests, failed: r.failed, ms, cpuSeconds }, notes: [] };
  } finally {
    await tearDown(s);
  }
}

export async function stormScenario(kind: ServerKind, o: RunOptions): Promise<ScenarioResult> {
  const { users, roomSize, spreadMs, rewind, trafficMs } = o.scale.storm;
  const s = await setUp(kind, { users, roomSize }, o);
  try {
    // Enough traffic that every conversation has messages to catch up on.
    await s.fleet.step(Math.max(1, Math.ceil((rewind * 2000) / roomSize / trafficMs)), trafficMs, 0);
    await s.fleet.disconnect();
    const before = (await s.fleet.verify()).reduce((a, v) => a + v.totals.deliveries, 0);
    const cpu = new CpuWindow(s.server.pid);
    const back = kind === 'ws' ? 0 : rewind;
    const r = await s.fleet.reconnect(spreadMs, back);
    const { cpuSeconds, wallSeconds } = cpu.end();
    const verified = await s.fleet.verify();
    const missed = verified.reduce((a, v) => a + v.totals.deliveries, 0) - before;
    const acked = new Map<string, number>();
    for (const v of verified) for (const [conv, n] of Object.entries(v.ackedPerConv)) acked.set(conv, (acked.get(conv) ?? 0) + n);
    const expectedMissed = s.conversations.reduce((a, c) => a + c.members.length * Math.min(back, acked.get(c.id) ?? 0), 0);
    const welcomeMs = r.ms.summary();
    o.log(`  ${kind}: ${users - r.failed}/${users} back in ${wallSeconds} s, welcome p50 ${welcomeMs.p50} p99 ${welcomeMs.p99} ms, ${missed} missed messages replayed`);
    return {
      scenario: 'storm',
      server: kind,
      connect: s.connect,
      storm: {
        clients: users,
        spreadMs,
        failed: r.failed,
        welcomeMs,
        wallSeconds,
        missedDelivered: missed,
        expectedMissed,
        cpuSeconds,
        deliveriesPerCpuSecond: cpuSeconds > 0 ? Math.round(missed / cpuSeconds) : null,
        rssMB: round(rssBytes(s.server.pid) / 2 ** 20),
      },
      exactlyOnce: exactlyOnce(verified, s.clients, s.conversations),
      notes: kind === 'ws' ? ['the bare ws server keeps no messages: its clients reconnect with nothing to catch up on'] : [],
    };
  } finally {
    await tearDown(s);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
