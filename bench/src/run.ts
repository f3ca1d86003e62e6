/**
 * npm run bench [-- --scale full|dev|smoke] [--only rooms,dms,idle,history,storm]
 *   [--servers natter,socketio,ws] [--profile] [--natter-root <checkout>] [--label <name>]
 *   [--compare <earlier report.json>] [--rates 1,2]
 * Runs every scenario against Natter and the two baselines, one server at a time, and writes
 * bench/results/<label>.md and .json (label: latest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeReport } from './report';
import { SCALES, type Scale } from './scale';
import { dmsScenario, historyScenario, idleScenario, roomsScenario, type RunOptions, type ScenarioResult, stormScenario } from './scenarios';
import { BENCH_DIR, type ServerKind } from './servers';
import { loadAverage } from './proc';

const SCENARIOS = { rooms: roomsScenario, dms: dmsScenario, idle: idleScenario, history: historyScenario, storm: stormScenario };
type ScenarioName = keyof typeof SCENARIOS;
/** The bare ws server keeps nothing: there is no history to read. */
const SKIP: Partial<Record<ScenarioName, ServerKind[]>> = { history: ['ws'] };
/** A whole run never outlives this, whatever hangs. */
const RUN_LIMIT_MS = 40 * 60_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export interface RunResult {
  label: string;
  startedAt: string;
  finishedAt: string;
  scale: Scale;
  loadAverage: { before: [number, number, number]; after: [number, number, number]; samples: [number, number, number][] };
  results: ScenarioResult[];
}

export async function runBench(opts: {
  scale: Scale;
  scenarios: ScenarioName[];
  servers: ServerKind[];
  label: string;
  profile?: boolean;
  natterRoot?: string | undefined;
  /** An earlier report (JSON) whose Natter figures are shown beside this run's. */
  compare?: string | undefined;
  log?: (line: string) => void;
  write?: boolean;
}): Promise<RunResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const cpuProfDir = opts.profile ? path.join(BENCH_DIR, 'results', 'profiles') : undefined;
  const o: RunOptions = { scale: opts.scale, cpuProfDir, natterRoot: opts.natterRoot, log };
  const startedAt = new Date().toISOString();
  const samples: [number, number, number][] = [];
  const sampler = setInterval(() => samples.push(loadAverage()), 15_000);
  const before = loadAverage();
  const results: ScenarioResult[] = [];
  try {
    for (const name of opts.scenarios) {
      for (const kind of opts.servers) {
        if (SKIP[name]?.includes(kind)) continue;
        log(`${name} on ${kind}`);
        results.push(await SCENARIOS[name](kind, o));
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const run: RunResult = { label: opts.label, startedAt, finishedAt: new Date().toISOString(), scale: opts.scale, loadAverage: { before, after: loadAverage(), samples }, results };
  if (opts.write !== false) {
    const before = opts.compare ? (JSON.parse(fs.readFileSync(opts.compare, 'utf8')) as RunResult) : undefined;
    const files = await writeReport(run, before);
    log(`report: ${files.join(', ')}`);
  }
  return run;
}

/** `--rates 1,2` replaces the ramp of the rooms and DM scenarios (messages/s per user), e.g. to profile one step. */
function withRates(scale: Scale, list: string | undefined): Scale {
  if (!list) return scale;
  const rates = list.split(',').map(Number);
  if (!rates.every((r) => Number.isFinite(r) && r > 0)) throw new Error(`--rates takes positive numbers, got ${list}`);
  return { ...scale, rooms: { ...scale.rooms, rates }, dms: { ...scale.dms, rates } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const scaleName = (arg('scale') ?? 'full') as Scale['name'];
  const named = SCALES[scaleName];
  if (!named) {
    console.error(`unknown scale ${scaleName}: use full, dev or smoke`);
    process.exit(2);
  }
  const scale = withRates(named, arg('rates'));
  const scenarios = (arg('only')?.split(',') ?? Object.keys(SCENARIOS)) as ScenarioName[];
  const servers = (arg('servers')?.split(',') ?? ['natter', 'socketio', 'ws']) as ServerKind[];
  for (const s of scenarios) if (!(s in SCENARIOS)) throw new Error(`unknown scenario ${s}`);
  const natterRoot = arg('natter-root');
  if (natterRoot && !fs.existsSync(path.join(natterRoot, 'packages/server/src/main.ts'))) throw new Error(`no Natter checkout at ${natterRoot}`);
  setTimeout(() => {
    console.error(`the benchmark ran longer than ${RUN_LIMIT_MS / 60_000} minutes; stopping`);
    process.exit(1);
  }, RUN_LIMIT_MS).unref();
  const compare = arg('compare');
  if (compare && !fs.existsSync(compare)) throw new Error(`no report at ${compare}`);
  runBench({ scale, scenarios, servers, label: arg('label') ?? 'latest', profile: process.argv.includes('--profile'), natterRoot, compare })
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
