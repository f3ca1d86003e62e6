/**
 * npm run soak [-- --users 500] [--minutes 30 | --seconds 90] [--room-size 10] [--action-every-ms 10000]
 *   [--postgres] [--redis] [--nodes-2] [--faults kill9@60,postgres-restart@120,redis-restart@180,node-restart@240 | --fault-every 300]
 *   [--label soak]
 * Keeps N users chatting, reacting, uploading and reconnecting against one server while faults
 * happen on schedule (--nodes-2: two nodes behind nginx, with PostgreSQL and Redis), then checks every acknowledged message was stored and delivered to every member
 * exactly once. Writes bench/results/<label>.md and .json. Exits 1 when anything was lost or doubled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './servers';
import { soakMarkdown } from './soak/report';
import { type FaultKind, runSoak } from './soak/run';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const KINDS: FaultKind[] = ['kill9', 'postgres-restart', 'redis-restart', 'node-restart'];
const postgres = flag('postgres');
const nodes = flag('nodes-2') ? 2 : 1;
const postgresOrNodes = postgres || nodes === 2;
const redis = flag('redis') || nodes === 2;
const durationS = Number(arg('seconds') ?? Number(arg('minutes') ?? 30) * 60);

function schedule(): { atS: number; kind: FaultKind }[] {
  const listed = arg('faults');
  if (listed !== undefined) {
    return listed.split(',').filter(Boolean).map((item) => {
      const [kind, at] = item.split('@');
      if (!KINDS.includes(kind as FaultKind) || !Number.isFinite(Number(at))) throw new Error(`bad fault ${item}: use kind@seconds, kinds ${KINDS.join(', ')}`);
      return { kind: kind as FaultKind, atS: Number(at) };
    });
  }
  // By default every fault this setup can do, one after another, every --fault-every seconds.
  const kinds = KINDS.filter((k) => k === 'kill9' || (k === 'postgres-restart' && postgresOrNodes) || (k === 'redis-restart' && redis) || (k === 'node-restart' && nodes === 2));
  const every = Number(arg('fault-every') ?? Math.max(30, Math.floor(durationS / 6)));
  const out: { atS: number; kind: FaultKind }[] = [];
  for (let at = every, i = 0; at < durationS - 20; at += every, i++) out.push({ atS: at, kind: kinds[i % kinds.length]! });
  return out;
}

const report = await runSoak({
  users: Number(arg('users') ?? 500),
  roomSize: Number(arg('room-size') ?? 10),
  durationS,
  actionEveryMs: Number(arg('action-every-ms') ?? 10_000),
  postgres: postgresOrNodes,
  redis,
  nodes,
  faults: schedule(),
  sampleEveryS: Number(arg('sample-every') ?? (durationS > 600 ? 60 : 10)),
  log: (line) => console.log(line),
});
const label = arg('label') ?? 'soak';
const dir = path.join(BENCH_DIR, 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, `${label}.json`), `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(dir, `${label}.md`), soakMarkdown(report));
console.log(soakMarkdown(report));
console.log(`wrote bench/results/${label}.md and .json`);
process.exit(report.exactlyOnce.ok ? 0 : 1);
