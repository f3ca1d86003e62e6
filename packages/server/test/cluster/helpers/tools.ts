import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A loopback port nobody listens on right now. */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function which(name: string, extra: string[] = []): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', ...extra]) {
    const file = `${dir}/${name}`;
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
}

/** The newest PostgreSQL server binaries installed from Debian packages. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(`${root}/${v}/bin/pg_ctl`)).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `${root}/${versions[0]}/bin` : null;
}

export interface Tools {
  nginx: string;
  redisServer: string;
  postgresBin: string;
}

/**
 * The programs the cluster suites start themselves. Outside CI a missing one skips those suites
 * with a loud warning; with CI=true it fails the run, so the suites can never pass by not running.
 */
export function clusterTools(): Tools | null {
  const found = { nginx: which('nginx'), redisServer: which('redis-server'), postgresBin: postgresBin() };
  const missing = Object.entries(found).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length === 0) return found as Tools;
  const message = `cluster suites need nginx, redis-server and PostgreSQL server binaries; missing: ${missing.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** ${message}: SKIPPING the cluster suites ***\n`);
  return null;
}

export function runAs(user: string | null, cmd: string, args: string[], opts: { cwd?: string } = {}): string {
  const [file, argv] = user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
