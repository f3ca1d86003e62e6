/**
 * npm run bench:changes [-- --users 20 --senders 16 --rate 20 --seconds 5 --passes 3]
 *   [--phases send,restSend] [--natter-root <checkout>] [--label <name>]
 * (`--natter-root` with `--phases send,restSend` measures plain sends of an older checkout, whose
 * sockets then say hello in protocol 1.)
 * What sends with a mention and reactions cost next to plain sends, measured in one run against
 * one Natter server: the phases alternate (plain socket send, send with mentions, plain REST send,
 * reaction toggle) for several passes, so drift on a shared machine hits every phase alike. Each
 * phase offers the same load: every sender does `rate` operations a second (under the socket's
 * 30 frames/s limit), one at a time. Every member holds a protocol-2 socket, so each operation
 * fans out to all of them. Writes bench/results/message-changes.md and .json.
 */
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { Histogram } from './histogram';
import { CpuWindow, loadAverage, round } from './proc';
import { BENCH_DIR, startServer, tempDir } from './servers';

type Phase = 'send' | 'sendMention' | 'restSend' | 'react';
const ALL_PHASES: Phase[] = ['send', 'sendMention', 'restSend', 'react'];
const PHASES = (strArg('phases')?.split(',') ?? ALL_PHASES) as Phase[];
for (const p of PHASES) if (!ALL_PHASES.includes(p)) throw new Error(`unknown phase ${p}`);
const NATTER_ROOT = strArg('natter-root');
/** An older checkout may speak protocol 1 only. */
const PROTOCOL = NATTER_ROOT ? 1 : 2;
const LABEL: Record<Phase, string> = {
  send: 'plain send (socket)',
  sendMention: 'send mentioning 3 members (socket)',
  restSend: 'plain send (REST)',
  react: 'reaction add/remove (REST)',
};

function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Member {
  id: string;
  token: string;
  ws: WebSocket;
  /** Reactions this member has on (message id + emoji). */
  reacted: Set<string>;
  /** Frames of the current phase this member's socket received. */
  frames: number;
  /** Request id → resolves true on the ack, or with the error code. */
  waiters: Map<string, (answer: string | true) => void>;
}

async function rest(base: string, token: string | null, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Opens the member's socket, says hello in protocol 2 and counts what it receives into `member`. */
async function openSocket(base: string, member: Member): Promise<void> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${member.token}` } });
  member.ws = ws;
  member.frames = 0;
  member.waiters = new Map();
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; id?: string; code?: string };
      if (f.type === 'ready') ws.send(JSON.stringify(PROTOCOL === 2 ? { type: 'hello', id: 'h', protocol: 2, cursors: {}, changeCursors: {} } : { type: 'hello', id: 'h', cursors: {} }));
      else if (f.type === 'welcome') resolve();
      else if (f.type === 'message' || f.type === 'message_change') member.frames++;
      else if ((f.type === 'ack' || f.type === 'error') && f.id) {
        member.waiters.get(f.id)?.(f.type === 'ack' ? true : (f.code ?? 'error'));
        member.waiters.delete(f.id);
      }
    });
    ws.on('error', reject);
  });
}

async function main(): Promise<void> {
  const users = arg('users', 20);
  const senderCount = arg('senders', 16);
  const rate = arg('rate', 20);
  const seconds = arg('seconds', 5);
  const passes = arg('passes', 3);
  const perSender = Math.round(rate * seconds);
  const ops = perSender * senderCount;
  const server = await startServer('natter', { dataDir: tempDir('changes'), natterRoot: NATTER_ROOT });
  const base = server.url;
  const load = { before: loadAverage() };
  try {
    const members: Member[] = [];
    for (let i = 0; i < users; i++) {
      const auth = await rest(base, null, 'POST', '/api/auth/register', { username: `bench_${i}_${process.pid}`, password: 'bench password 1' });
      members.push({ id: auth.user.id, token: auth.token, reacted: new Set() } as unknown as Member);
    }
    const owner = members[0]!;
    const room = (await rest(base, owner.token, 'POST', '/api/rooms', { name: `bench-${process.pid}` })).conversation;
    for (const m of members.slice(1)) await rest(base, m.token, 'POST', `/api/rooms/${room.name}/join`);
    for (const m of members) await openSocket(base, m);
    // Reactions go on a few messages, as they would on the latest ones of a busy room.
    const targets: string[] = [];
    for (let i = 0; i < 8; i++) targets.push((await rest(base, owner.token, 'POST', `/api/conversations/${room.id}/messages`, { clientMsgId: `target-${i}-xxxxxxxx`, body: `react to ${i}` })).message.id);
    const emoji = ['👍', '🎉', '❤️', '😂', '👀'];
    const senders = members.slice(0, senderCount);
    let counter = 0;

    const operate = async (phase: Phase, who: Member, n: number): Promise<void> => {
      const clientMsgId = `b${process.pid}x${++counter}xxxx`;
      if (phase === 'send' || phase === 'sendMention') {
        const id = `s${counter}`;
        const mentions = phase === 'sendMention' ? [1, 2, 3].map((k) => members[(members.indexOf(who) + k) % members.length]!.id) : undefined;
        const acked = new Promise<string | true>((resolve) => who.waiters.set(id, resolve));
        who.ws.send(JSON.stringify({ type: 'send', id, conversationId: room.id, clientMsgId, body: `message ${counter} for the room`, ...(mentions ? { mentions } : {}) }));
        const answer = await acked;
        if (answer !== true) throw new Error(`send refused: ${answer}`);
      } else if (phase === 'restSend') {
        await rest(base, who.token, 'POST', `/api/conversations/${room.id}/messages`, { clientMsgId, body: `message ${counter} for the room` });
      } else {
        // Each sender toggles its own reactions, so every operation is a change that fans out.
        const target = targets[n % targets.length]!;
        const e = emoji[Math.floor(n / targets.length) % emoji.length]!;
        const key = `${target} ${e}`;
        const had = who.reacted.has(key);
        await rest(base, who.token, had ? 'DELETE' : 'PUT', `/api/conversations/${room.id}/messages/${target}/reactions/${encodeURIComponent(e)}`);
        if (had) who.reacted.delete(key);
        else who.reacted.add(key);
      }
    };

    const totals = Object.fromEntries(PHASES.map((p) => [p, { ops: 0, cpuSeconds: 0, wallSeconds: 0, frames: 0, latency: new Histogram() }])) as Record<Phase, { ops: number; cpuSeconds: number; wallSeconds: number; frames: number; latency: Histogram }>;
    for (let pass = 0; pass < passes; pass++) {
      for (const phase of PHASES) {
        for (const m of members) m.frames = 0;
        const cpu = new CpuWindow(server.pid);
        const start = performance.now();
        await Promise.all(senders.map(async (who, k) => {
          // Senders start spread over one interval, then keep their own pace.
          const offset = (k / senders.length) * (1000 / rate);
          for (let n = 0; n < perSender; n++) {
            const due = start + offset + (n * 1000) / rate;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const t0 = performance.now();
            await operate(phase, who, n);
            totals[phase].latency.record((performance.now() - t0) * 1000);
          }
        }));
        const expected = ops * members.length;
        // Every member's socket must get every frame before the window closes.
        const until = Date.now() + 30_000;
        while (members.reduce((s, m) => s + m.frames, 0) < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        const window = cpu.end();
        const t = totals[phase];
        t.ops += ops;
        t.cpuSeconds += window.cpuSeconds;
        t.wallSeconds += window.wallSeconds;
        t.frames += members.reduce((s, m) => s + m.frames, 0);
        if (t.frames < t.ops * members.length) throw new Error(`${phase}: ${t.frames} frames delivered of ${t.ops * members.length}`);
        console.log(`pass ${pass + 1} ${phase}: ${ops} ops in ${window.wallSeconds} s, ${window.cpuSeconds} CPU s`);
      }
    }
    const rows = PHASES.map((p) => {
      const t = totals[p];
      return {
        phase: p, label: LABEL[p], ops: t.ops, framesDelivered: t.frames,
        opsPerSecond: round(t.ops / t.wallSeconds, 0),
        cpuMsPerOp: round((t.cpuSeconds * 1000) / t.ops, 3),
        p50Ms: t.latency.percentileMs(0.5), p99Ms: t.latency.percentileMs(0.99),
      };
    });
    const by = Object.fromEntries(rows.map((r) => [r.phase, r])) as Partial<Record<Phase, (typeof rows)[number]>>;
    const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? round(a / b, 2) : null);
    const ratios = {
      sendMentionVsSendCpu: ratio(by.sendMention?.cpuMsPerOp, by.send?.cpuMsPerOp),
      reactVsRestSendCpu: ratio(by.react?.cpuMsPerOp, by.restSend?.cpuMsPerOp),
      sendMentionVsSendP99: ratio(by.sendMention?.p99Ms, by.send?.p99Ms),
      reactVsRestSendP99: ratio(by.react?.p99Ms, by.restSend?.p99Ms),
    };
    const result = { startedAt: new Date().toISOString(), natterRoot: NATTER_ROOT ?? null, users, senders: senderCount, ratePerSender: rate, opsPerPhasePerPass: ops, passes, loadAverage: { ...load, after: loadAverage() }, rows, ratios };
    const dir = path.join(BENCH_DIR, 'results');
    const label = strArg('label') ?? 'message-changes';
    fs.writeFileSync(path.join(dir, `${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      '# Sends with mentions and reactions, next to plain sends',
      '',
      `${NATTER_ROOT ? `Checkout ${NATTER_ROOT}. ` : ''}${users} members in one room, each with a protocol-${PROTOCOL} socket (every operation fans out to all of them); ${senderCount} senders at ${rate} operations/s each (${senderCount * rate}/s offered); ${passes} alternating passes of ${ops} operations per phase. Load average before/after: ${load.before.join(' ')} / ${result.loadAverage.after.join(' ')} (2 cores, shared).`,
      '',
      '| Operation | Ops | Achieved ops/s | Server CPU ms/op | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.label} | ${r.ops} | ${r.opsPerSecond} | ${r.cpuMsPerOp} | ${r.p50Ms} | ${r.p99Ms} |`),
      '',
      `CPU per operation: send with mentions / plain send = ${ratios.sendMentionVsSendCpu}; reaction / plain REST send = ${ratios.reactVsRestSendCpu}.`,
      `p99: ${ratios.sendMentionVsSendP99} and ${ratios.reactVsRestSendP99}.`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, `${label}.md`), md);
    console.log(md);
    for (const m of members) m.ws.close();
  } finally {
    await server.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
