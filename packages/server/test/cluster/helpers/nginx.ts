import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sparePort, waitFor } from './tools';

const SITE = path.resolve(import.meta.dirname, '../../../../../deploy/nginx/natter.conf');

function section(text: string, name: string, replacement: string): string {
  const re = new RegExp(`[ \\t]*# ---- ${name}: BEGIN[^\\n]*\\n[\\s\\S]*?# ---- ${name}: END ----[ \\t]*\\n`);
  if (!re.test(text)) throw new Error(`${SITE} has no "${name}" BEGIN/END section`);
  return text.replace(re, replacement);
}

/**
 * The deployed site, adapted to loopback: its upstream lists `upstreams` (with the parameters the
 * site gives its first server), it listens on plain HTTP at `port`, and the TLS and redirect parts go.
 * Everything else (locations, headers, timeouts, balancing) is the shipped file, unchanged.
 */
export function siteForLoopback(site: string, port: number, upstreams: number[]): string {
  let text = section(site, 'listen', `    listen 127.0.0.1:${port};\n`);
  text = section(text, 'TLS', '');
  text = section(text, 'http redirect', '');
  const upstream = /# ---- natter upstreams: BEGIN[\s\S]*?# ---- natter upstreams: END ----/.exec(text)?.[0];
  if (!upstream) throw new Error(`${SITE} has no "natter upstreams" section`);
  const servers = [...upstream.matchAll(/^([ \t]*)server\s+\S+([^;\n]*);[ \t]*\n/gm)];
  const first = servers[0];
  if (!first) throw new Error(`${SITE}: the upstream lists no server`);
  const ours = upstreams.map((p) => `${first[1]}server 127.0.0.1:${p}${first[2]};\n`).join('');
  let replaced = upstream;
  for (const [i, s] of servers.entries()) replaced = replaced.replace(s[0], i === 0 ? ours : '');
  return text.replace(upstream, replaced);
}

export class Nginx {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Base URL of the site as clients see it (the site serves Natter under /chat). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/chat`;
  }

  static async start(bin: string, upstreams: number[], opts: { workerConnections?: number } = {}): Promise<Nginx> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-nginx-'));
    fs.chmodSync(dir, 0o755);
    const port = await sparePort();
    const site = siteForLoopback(fs.readFileSync(SITE, 'utf8'), port, upstreams);
    const conf = [
      'worker_processes 1;',
      'daemon off;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      `events { worker_connections ${opts.workerConnections ?? 512}; }`,
      'http {',
      `  access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      site,
      '}',
    ].join('\n');
    fs.writeFileSync(`${dir}/nginx.conf`, conf);
    const child = spawn(bin, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const nginx = new Nginx(child, dir, port);
    await waitFor('nginx', async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}${fs.readFileSync(`${dir}/error.log`, 'utf8')}`);
      return (await fetch(`${nginx.url}/api/health`)).status === 200;
    });
    return nginx;
  }

  errorLog(): string {
    return fs.existsSync(`${this.dir}/error.log`) ? fs.readFileSync(`${this.dir}/error.log`, 'utf8') : '';
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        this.child.once('exit', () => resolve());
        this.child.kill('SIGTERM');
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
