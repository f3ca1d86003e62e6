import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const repoRoot = path.resolve(import.meta.dirname, '..');
// A port per run so two checkouts on one machine do not collide; workers inherit it.
process.env.NATTER_E2E_PORT ??= String(39100 + (process.pid % 800));
const port = Number(process.env.NATTER_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

// Workers load this file again; they inherit the runner's environment, so only the
// first load creates the data directory and only that process removes it.
let dataDir = process.env.NATTER_E2E_DATA_DIR;
if (!dataDir) {
  const dir = mkdtempSync(path.join(tmpdir(), 'natter-e2e-'));
  process.env.NATTER_E2E_DATA_DIR = dataDir = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: path.join(repoRoot, 'test-results', 'playwright'),
  fullyParallel: false,
  // Two cores: one browser at a time keeps timings honest.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.NATTER_E2E_JSON ?? path.join(repoRoot, 'test-results', 'playwright.json') }],
  ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // The system Chromium; browsers are never downloaded.
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // The real server as production runs it: the compiled bundle, serving the built UI.
    command: 'node packages/server/scripts/build.mjs && node packages/server/dist/main.js',
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.NATTER_E2E_LOG_LEVEL ?? 'warn',
      // Every browser of every spec signs up from 127.0.0.1; the production default is 20 an hour.
      SIGNUP_LIMIT_PER_IP: '1000',
      // admin.spec.ts signs up as this administrator (the first account is whichever spec signs up first).
      ADMIN_USERNAMES: 'e2e_moderator',
    },
  },
});
