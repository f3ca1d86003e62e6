import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { RunResult } from './run';
import type { ScenarioResult, StepResult } from './scenarios';
import { P99_LIMIT_MS } from './scenarios';
import { BENCH_DIR, ROOT_DIR, type ServerKind } from './servers';

const NAMES: Record<ServerKind, string> = { natter: 'Natter', socketio: 'Socket.IO + SQLite', ws: 'bare ws' };

function versionOf(pkg: string): string {
  try {
    const req = createRequire(path.join(BENCH_DIR, 'package.json'));
    return (JSON.parse(fs.readFileSync(req.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    versions: {
      natter: (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version,
      ws: versionOf('ws'),
      'socket.io': versionOf('socket.io'),
      'better-sqlite3': versionOf('better-sqlite3'),
    },
  };
}

const f = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits }));

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (!a || !b) return '–';
  return `${(a / b).toFixed(2)}×`;
}

function stepRows(r: ScenarioResult): string[] {
  return (r.steps ?? []).map(
    (s: StepResult) =>
      `| ${NAMES[r.server]} | ${s.ratePerClient} | ${f(s.offeredMsgsPerSec)} | ${f(s.deliveredPerSec)} | ${f(s.latencyMs.p50, 2)} | ${f(s.latencyMs.p95, 2)} | ${f(s.latencyMs.p99, 2)} | ${f(s.cpuSeconds, 2)} / ${f(s.wallSeconds, 1)} | ${f(s.deliveriesPerCpuSecond)} | ${f(s.rssMB, 1)} | ${s.errors} | ${s.sustained ? 'yes' : 'no'} |`,
  );
}

function find(run: RunResult, scenario: ScenarioResult['scenario'], server: ServerKind): ScenarioResult | undefined {
  return run.results.find((r) => r.scenario === scenario && r.server === server);
}

/** Deliveries per server CPU-second at the first (1 msg/s) step of the rooms scenario. */
function efficiency(run: RunResult, server: ServerKind): number | null {
  return find(run, 'rooms', server)?.steps?.[0]?.deliveriesPerCpuSecond ?? null;
}

export function goals(run: RunResult): { goal: string; measured: string; met: boolean | null }[] {
  const n = (s: ServerKind) => efficiency(run, s);
  const sustained = (s: ServerKind) => find(run, 'rooms', s)?.sustained?.deliveredPerSec ?? null;
  const firstP99 = find(run, 'rooms', 'natter')?.steps?.[0]?.latencyMs.p99 ?? null;
  const idle = find(run, 'idle', 'natter')?.idle?.rssPerConnectionKB ?? null;
  const hist = find(run, 'history', 'natter')?.history?.ms.p99 ?? null;
  const cmp = (a: number | null, b: number | null, k: number) => (a === null || b === null ? null : a >= k * b);
  return [
    { goal: 'deliveries per server CPU-second ≥ 1.2× Socket.IO + SQLite (rooms, 1 msg/s each)', measured: ratio(n('natter'), n('socketio')), met: cmp(n('natter'), n('socketio'), 1.2) },
    { goal: 'deliveries per server CPU-second ≥ 0.9× bare ws (rooms, 1 msg/s each)', measured: ratio(n('natter'), n('ws')), met: cmp(n('natter'), n('ws'), 0.9) },
    { goal: `sustained delivered messages/s (p99 < ${P99_LIMIT_MS} ms) ≥ Socket.IO + SQLite's (rooms)`, measured: `${f(sustained('natter'))} vs ${f(sustained('socketio'))} (${ratio(sustained('natter'), sustained('socketio'))})`, met: cmp(sustained('natter'), sustained('socketio'), 1) },
    { goal: 'p99 < 50 ms with every user sending 1 msg/s (rooms)', measured: `${f(firstP99, 2)} ms`, met: firstP99 === null ? null : firstP99 < 50 },
    { goal: '≤ 12 KB RSS per idle authenticated connection', measured: `${f(idle, 1)} KB`, met: idle === null ? null : idle <= 12 },
    { goal: 'history page p99 < 5 ms at the stored message count', measured: `${f(hist, 2)} ms`, met: hist === null ? null : hist < 5 },
  ];
}

/** Natter's figures in an earlier run (before a change) next to this one's. */
function comparison(run: RunResult, before: RunResult): string[] {
  const rows: [string, (r: RunResult) => number | null | undefined, number][] = [
    ['rooms, 1 msg/s each: p99 ms', (r) => find(r, 'rooms', 'natter')?.steps?.[0]?.latencyMs.p99, 2],
    ['rooms, 1 msg/s each: deliveries per server CPU-s', (r) => find(r, 'rooms', 'natter')?.steps?.[0]?.deliveriesPerCpuSecond, 0],
    ['rooms: sustained delivered/s', (r) => find(r, 'rooms', 'natter')?.sustained?.deliveredPerSec, 0],
    ['DMs, 1 msg/s each: p99 ms', (r) => find(r, 'dms', 'natter')?.steps?.[0]?.latencyMs.p99, 2],
    ['DMs, 1 msg/s each: deliveries per server CPU-s', (r) => find(r, 'dms', 'natter')?.steps?.[0]?.deliveriesPerCpuSecond, 0],
    ['DMs: sustained delivered/s', (r) => find(r, 'dms', 'natter')?.sustained?.deliveredPerSec, 0],
    ['idle: RSS per connection KB', (r) => find(r, 'idle', 'natter')?.idle?.rssPerConnectionKB, 1],
    ['history: p99 ms', (r) => find(r, 'history', 'natter')?.history?.ms.p99, 2],
    ['reconnect storm: welcome p99 ms', (r) => find(r, 'storm', 'natter')?.storm?.welcomeMs.p99, 2],
  ];
  const lines = [`## Natter before and after (${before.label}, ${before.startedAt}, load average ${before.loadAverage.before[0]})`, '', '| figure | before | after |', '| --- | ---: | ---: |'];
  for (const [label, get, digits] of rows) lines.push(`| ${label} | ${f(get(before), digits)} | ${f(get(run), digits)} |`);
  lines.push('');
  return lines;
}

export function toMarkdown(run: RunResult, before?: RunResult): string {
  const m = machine();
  const s = run.scale;
  const lines: string[] = [];
  const la = run.loadAverage;
  const peak = Math.max(la.before[0], la.after[0], ...la.samples.map((x) => x[0]));
  lines.push(`# Natter benchmark: ${run.label}`, '');
  lines.push(`Run ${run.startedAt} → ${run.finishedAt}, scale \`${s.name}\`, command \`npm run bench -- --scale ${s.name}\`.`, '');
  lines.push('## Machine', '');
  lines.push(`- ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB memory, ${m.os}`);
  lines.push(`- Node ${m.node}; natter ${m.versions.natter}, ws ${m.versions.ws}, socket.io ${m.versions['socket.io']}, better-sqlite3 ${m.versions['better-sqlite3']}`);
  // The server and the load generators alone keep this many processes runnable.
  const own = s.workers + 1;
  lines.push(`- Load average (1 min) before ${la.before[0]}, after ${la.after[0]}, highest sample ${peak} (the benchmark's own ${own} processes account for up to ${own}): the machine was ${peak > own + 0.5 ? 'shared with other work during the run, so absolute figures are pessimistic; ratios come from the same run' : 'otherwise quiet'}.`);
  lines.push(`- Servers in their own process (Natter: \`node packages/server/dist/main.js\`, NODE_ENV=production, LOG_LEVEL=warn, SQLite WAL with synchronous=FULL); ${s.workers} load-generating processes on the same machine.`, '');
  lines.push('## Goals (measured in this run)', '');
  lines.push('| goal | measured | met |', '| --- | --- | --- |');
  for (const g of goals(run)) lines.push(`| ${g.goal} | ${g.measured} | ${g.met === null ? 'not measured' : g.met ? 'yes' : 'no'} |`);
  lines.push('');
  const stepHeader = ['| server | msgs/s per user | offered msgs/s | delivered/s | p50 ms | p95 ms | p99 ms | server CPU-s / wall s | deliveries per CPU-s | RSS MB | errors | sustained |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const [scenario, title] of [
    ['rooms', `(a) Rooms: ${s.rooms.users} users in rooms of ${s.rooms.roomSize}, ramping the rate until p99 passes ${P99_LIMIT_MS} ms`],
    ['dms', `(b) Direct messages: ${s.dms.users} users in ${s.dms.users / 2} pairs`],
  ] as const) {
    const rs = run.results.filter((r) => r.scenario === scenario);
    if (rs.length === 0) continue;
    lines.push(`## ${title}`, '');
    lines.push('A delivery is one message frame arriving at one member socket, the sender\'s own included (all three servers echo it). Latency runs from just before the send to the socket that receives it, on the machine\'s monotonic clock.', '');
    lines.push(...stepHeader);
    for (const r of rs) lines.push(...stepRows(r));
    lines.push('', '| server | sustained delivered/s | at msgs/s per user | connect p50 ms | exactly once |', '| --- | ---: | ---: | ---: | --- |');
    for (const r of rs) {
      const e = r.exactlyOnce;
      lines.push(`| ${NAMES[r.server]} | ${f(r.sustained?.deliveredPerSec)} | ${f(r.sustained?.ratePerClient)} | ${f(r.connect.ms.p50, 2)} | ${e ? (e.ok ? `yes (${f(e.deliveries)} deliveries)` : `NO: ${e.duplicates} duplicates, ${e.gaps} gaps, ${e.missing} missing`) : '–'} |`);
    }
    for (const r of rs) for (const note of r.notes) lines.push(`- ${NAMES[r.server]}: ${note}`);
    lines.push('');
  }
  const idle = run.results.filter((r) => r.scenario === 'idle');
  if (idle.length) {
    lines.push(`## (c) ${s.idle.users.toLocaleString('en-US')} idle connections`, '');
    lines.push('| server | open | RSS before MB | RSS after MB | RSS per connection KB | CPU at rest | failed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of idle) {
      const i = r.idle!;
      lines.push(`| ${NAMES[r.server]} | ${f(i.connections)} | ${f(i.rssBeforeMB, 1)} | ${f(i.rssAfterMB, 1)} | ${f(i.rssPerConnectionKB, 1)} | ${f(i.cpuPercentAtRest, 2)} % (${f(i.cpuSecondsAtRest, 2)} CPU-s in ${f(i.restSeconds, 1)} s) | ${r.connect.failed} |`);
    }
    lines.push('');
  }
  const hist = run.results.filter((r) => r.scenario === 'history');
  if (hist.length) {
    lines.push(`## (d) History: pages of 50 from a conversation of ${s.history.messages.toLocaleString('en-US')} stored messages`, '');
    lines.push('Half the requests read the newest page, half a page at a random point (`before`). Sequential, one at a time; Natter over HTTP (`GET /api/conversations/:id/messages`, bearer token), Socket.IO through an acknowledged event.', '');
    lines.push('| server | requests | p50 ms | p95 ms | p99 ms | max ms | server CPU-s | failed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of hist) {
      const h = r.history!;
      lines.push(`| ${NAMES[r.server]} | ${f(h.requests)} | ${f(h.ms.p50, 2)} | ${f(h.ms.p95, 2)} | ${f(h.ms.p99, 2)} | ${f(h.ms.max, 2)} | ${f(h.cpuSeconds, 2)} | ${h.failed} |`);
    }
    lines.push('');
  }
  if (before) lines.push(...comparison(run, before));
  const storm = run.results.filter((r) => r.scenario === 'storm');
  if (storm.length) {
    lines.push(`## (e) Reconnect storm: ${s.storm.users} clients back within ${s.storm.spreadMs} ms, each ${s.storm.rewind} messages behind`, '');
    lines.push('| server | back | welcome p50 ms | p95 ms | p99 ms | all back in s | missed messages replayed | server CPU-s | replayed per CPU-s | exactly once |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of storm) {
      const t = r.storm!;
      const e = r.exactlyOnce;
      lines.push(`| ${NAMES[r.server]} | ${f(t.clients - t.failed)} | ${f(t.welcomeMs.p50, 2)} | ${f(t.welcomeMs.p95, 2)} | ${f(t.welcomeMs.p99, 2)} | ${f(t.wallSeconds, 2)} | ${f(t.missedDelivered)} | ${f(t.cpuSeconds, 2)} | ${f(t.deliveriesPerCpuSecond)} | ${e ? (e.ok ? 'yes' : `NO: ${e.duplicates} duplicates, ${e.gaps} gaps, ${e.missing} missing`) : '–'} |`);
    }
    for (const r of storm) for (const note of r.notes) lines.push(`- ${NAMES[r.server]}: ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}

export async function writeReport(run: RunResult, before?: RunResult): Promise<string[]> {
  const dir = path.join(BENCH_DIR, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const md = path.join(dir, `${run.label}.md`);
  const json = path.join(dir, `${run.label}.json`);
  fs.writeFileSync(md, toMarkdown(run, before) + '\n');
  fs.writeFileSync(json, JSON.stringify({ machine: machine(), goals: goals(run), ...run }, null, 2) + '\n');
  return [path.relative(ROOT_DIR, md), path.relative(ROOT_DIR, json)];
}
