/**
 * `npm run test:sqlmap`: starts a server on a spare port (SQLite; `--postgres` for a fresh
 * PostgreSQL database too), then runs Debian's sqlmap in batch mode against the login and the user
 * search endpoints. Exits non-zero if sqlmap reports an injection point or could not run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestServer } from '../../src/testing';

const ADMIN_URL = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Target {
  name: string;
  args: string[];
}

function run(args: string[], log: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output += d.toString();
      fs.appendFileSync(log, d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: 127, output: String(err) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function againstServer(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined, outDir: string): Promise<boolean> {
  const server = await startTestServer({
    ...(databaseUrl ? { databaseUrl } : {}),
    env: { FRIEND_SEARCHES_PER_MINUTE: '10000', LOGIN_LIMIT_PER_ACCOUNT: '1000000', LOGIN_LIMIT_PER_IP: '1000000' },
  });
  try {
    const register = async (username: string) => {
      const res = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'sqlmap test pw 1' }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const token = await register('probe_user');
    for (const name of ['alice_sql', 'alina_sql', 'bob_sql']) await register(name);
    const dbms = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const common = ['--batch', '--flush-session', '--level=3', '--risk=2', '--skip-waf', '--ignore-code=400,401,404,429', `--dbms=${dbms}`, '--threads=4', `--output-dir=${outDir}`, '--disable-coloring'];
    const targets: Target[] = [
      {
        name: 'POST /api/auth/login (JSON username, password)',
        args: ['-u', `${server.url}/api/auth/login`, '--data', '{"username":"alice_sql","password":"sqlmap test pw 1"}', '--headers', 'Content-Type: application/json', ...common],
      },
      {
        name: 'GET /api/users/search?q=',
        args: ['-u', `${server.url}/api/users/search?q=ali`, '-p', 'q', '--headers', `Authorization: Bearer ${token}`, ...common],
      },
    ];
    let clean = true;
    for (const t of targets) {
      const log = path.join(outDir, `${dialect}-${t.name.replace(/\W+/g, '_')}.log`);
      const started = Date.now();
      const { code, output } = await run(t.args, log);
      const injectable = /identified the following injection point|is vulnerable|appears to be .*injectable(?! )/i.test(output) && !/do not appear to be injectable/i.test(output);
      const verdict = /all tested parameters do not appear to be injectable/i.test(output)
        ? 'no injection found'
        : injectable ? 'INJECTABLE' : `inconclusive (exit ${code})`;
      console.log(`[${dialect}] ${t.name}: ${verdict} in ${Math.round((Date.now() - started) / 1000)} s (log: ${log})`);
      if (verdict !== 'no injection found') clean = false;
    }
    const health = await fetch(`${server.url}/api/health`);
    console.log(`[${dialect}] server still healthy after the run: ${health.status === 200}`);
    return clean && health.status === 200;
  } finally {
    await server.close();
  }
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `natter_sqlmap_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-sqlmap-'));
let ok = await againstServer('sqlite', undefined, outDir);
if (process.argv.includes('--postgres')) {
  const db = await freshPostgres();
  try {
    ok = (await againstServer('postgres', db.url, outDir)) && ok;
  } finally {
    await db.drop();
  }
}
console.log(ok ? 'sqlmap: nothing injectable' : 'sqlmap: see the findings above');
process.exit(ok ? 0 : 1);
