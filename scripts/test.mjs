#!/usr/bin/env node
// Runs every test suite (vitest projects, then the browser suite) and closes with one
// summary line, `tests: N passed, M failed, K skipped`. Exits non-zero when anything
// failed or when no test ran at all, so an empty run can never pass as green.
//
//   node scripts/test.mjs              all suites
//   node scripts/test.mjs --unit       vitest only
//   node scripts/test.mjs --e2e        build the UI, then the browser suite only
//   extra arguments after `--` go to vitest (e.g. -- --project server)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
const vitestJson = path.join(resultsDir, 'vitest.json');
const playwrightJson = path.join(resultsDir, 'playwright.json');
const inCI = /^(1|true)$/i.test(process.env.CI ?? '');
const PHASE_TIMEOUT_MS = Number(process.env.NATTER_TEST_PHASE_TIMEOUT_MS ?? 35 * 60_000);

const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
const own = dashDash < 0 ? argv : argv.slice(0, dashDash);
const vitestExtra = dashDash < 0 ? [] : argv.slice(dashDash + 1);
const unknown = own.filter((a) => a !== '--unit' && a !== '--e2e');
if (unknown.length) {
  console.error(`test: unknown option ${unknown.join(' ')} (use --unit, --e2e, or -- <vitest args>)`);
  process.exit(2);
}
const runUnit = !own.includes('--e2e') || own.includes('--unit');
const runE2e = !own.includes('--unit') || own.includes('--e2e');

/** @type {{ name: string, passed: number, failed: number, skipped: number, notes: string[] }[]} */
const suites = [];

let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) killGroup(current, sig);
    process.exit(130);
  });
}

function killGroup(child, sig) {
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, sig);
  } catch {
    /* already gone */
  }
}

/** Runs a command with its output on screen; resolves to the exit code (timeouts count as failure). */
function run(label, cmd, args, env = {}) {
  const shown = [cmd === process.execPath ? 'node' : cmd, ...args].map((a) =>
    path.isAbsolute(a) && a.startsWith(root) ? path.relative(root, a) : a,
  );
  console.log(`\n── ${label}: ${shown.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
      detached: process.platform !== 'win32',
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n!! ${label} ran longer than ${PHASE_TIMEOUT_MS / 60_000} minutes; stopping it`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref();
    }, PHASE_TIMEOUT_MS);
    child.on('error', (err) => {
      console.error(`!! ${label} could not start: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`── ${label} finished in ${secs}s (exit ${code ?? signal})`);
      resolve(timedOut ? 124 : (code ?? 1));
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function binOf(pkg, from) {
  const req = createRequire(path.join(from, 'package.json'));
  const manifestPath = req.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const rel = typeof bin === 'string' ? bin : Object.values(bin)[0];
  return path.join(path.dirname(manifestPath), rel);
}

function loud(lines) {
  const bar = '!'.repeat(72);
  console.log(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}`);
}

async function unitSuites() {
  const suite = { name: 'vitest', passed: 0, failed: 0, skipped: 0, notes: [] };
  suites.push(suite);
  rmSync(vitestJson, { force: true });
  // passWithNoTests: an empty run is judged below, where it is counted as a failure with a reason.
  const code = await run('vitest', process.execPath, [
    binOf('vitest', root),
    'run',
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
    ...vitestExtra,
  ]);
  const report = readJson(vitestJson);
  if (!report) {
    suite.failed += 1;
    suite.notes.push(`no JSON report (exit ${code})`);
    return;
  }
  suite.passed = report.numPassedTests ?? 0;
  suite.failed = report.numFailedTests ?? 0;
  suite.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no failed test in it, yet it is a failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of brokenFiles) suite.notes.push(`failed to run: ${path.relative(root, f.name)}`);
  suite.failed += brokenFiles.length;
  if (code !== 0 && suite.failed === 0) {
    suite.failed += 1;
    suite.notes.push(`vitest exited with code ${code} (errors outside any test)`);
  }
}

function chromiumPath() {
  return process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
}

async function browserSuite() {
  const suite = { name: 'playwright', passed: 0, failed: 0, skipped: 0, notes: [] };
  suites.push(suite);
  const chromium = chromiumPath();
  if (!existsSync(chromium)) {
    const why = `Chromium not found at ${chromium} (install it, or set PLAYWRIGHT_CHROMIUM)`;
    if (inCI) {
      suite.failed += 1;
      suite.notes.push(why);
      loud([why, 'CI=true: a missing browser is a failure.']);
    } else {
      suite.notes.push(`SKIPPED: ${why}`);
      loud([why, 'THE BROWSER SUITE WAS NOT RUN.']);
    }
    return;
  }
  const npm = process.env.npm_execpath;
  const build = npm
    ? await run('web build', process.execPath, [npm, 'run', 'build', '-w', '@natter/web'])
    : await run('web build', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '-w', '@natter/web']);
  if (build !== 0) {
    suite.failed += 1;
    suite.notes.push(`web build failed (exit ${build}); browser suite not run`);
    return;
  }
  rmSync(playwrightJson, { force: true });
  const code = await run(
    'playwright',
    process.execPath,
    [binOf('@playwright/test', path.join(root, 'e2e')), 'test', '-c', 'e2e/playwright.config.ts'],
    { NATTER_E2E_JSON: playwrightJson },
  );
  const report = readJson(playwrightJson);
  if (!report?.stats) {
    suite.failed += 1;
    suite.notes.push(`no JSON report (exit ${code})`);
    return;
  }
  const s = report.stats;
  suite.passed = (s.expected ?? 0) + (s.flaky ?? 0);
  suite.failed = s.unexpected ?? 0;
  suite.skipped = s.skipped ?? 0;
  for (const e of report.errors ?? []) suite.notes.push(`error: ${String(e.message ?? '').split('\n')[0]}`);
  if (code !== 0 && suite.failed === 0) {
    suite.failed += 1;
    suite.notes.push(`playwright exited with code ${code} (errors outside any test)`);
  }
}

mkdirSync(resultsDir, { recursive: true });
if (runUnit) await unitSuites();
if (runE2e) await browserSuite();

const total = suites.reduce(
  (t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('\n── summary');
for (const s of suites) {
  console.log(`  ${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  for (const n of s.notes) console.log(`    ${n}`);
}
if (total.passed + total.failed === 0) {
  total.failed += 1;
  console.log('  no test ran: that is a failure, not a pass');
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
