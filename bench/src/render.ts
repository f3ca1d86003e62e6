/**
 * Rewrites a report's Markdown from its JSON, optionally beside an earlier report's Natter figures:
 *   node --import tsx src/render.ts results/latest.json [--compare results/before.json]
 */
import fs from 'node:fs';
import type { RunResult } from './run';
import { writeReport } from './report';

const [file] = process.argv.slice(2);
const i = process.argv.indexOf('--compare');
if (!file || !fs.existsSync(file)) {
  console.error('usage: render.ts <report.json> [--compare <earlier report.json>]');
  process.exit(2);
}
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as RunResult;
const before = i >= 0 && process.argv[i + 1] ? read(process.argv[i + 1]!) : undefined;
console.log((await writeReport(read(file), before)).join(', '));
