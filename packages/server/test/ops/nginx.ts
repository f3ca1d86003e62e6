import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The site shipped in deploy/, which these helpers adapt rather than copy, so tests exercise the real file. */
export const NGINX_SITE = path.resolve(import.meta.dirname, '../../../../deploy/nginx/natter.conf');

export const nginxAvailable = (() => {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function between(text: string, section: string, replacement: string): string {
  const re = new RegExp(`([ \\t]*# ---- ${section}: BEGIN[^\\n]*\\n)[\\s\\S]*?([ \\t]*# ---- ${section}: END ----\\n)`);
  if (!re.test(text)) throw new Error(`deploy/nginx/natter.conf has no "${section}" section markers`);
  return text.replace(re, (_m, begin: string, end: string) => `${begin}${replacement}${end}`);
}

export interface SiteOptions {
  /** host:port of each node, in place of the shipped upstream list. */
  upstreams: string[];
  /** What to listen on instead of 443, e.g. "127.0.0.1:8443" or "80". */
  listen: string;
  /** Keep TLS, with these files in place of the certificate placeholders; omitted: plain HTTP. */
  tls?: { cert: string; key: string };
}

/** The shipped site with its marked sections adapted: other upstreams and listen address, no port-80 redirect server. */
export function adaptSite(source: string, opts: SiteOptions): string {
  let site = source;
  site = between(site, 'natter upstreams', `upstream natter {\n    least_conn;\n${opts.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;\n`).join('')}    keepalive 32;\n}\n`);
  site = between(site, 'http redirect', '');
  site = between(site, 'listen', `    listen ${opts.listen}${opts.tls ? ' ssl' : ''};\n`);
  if (opts.tls) {
    site = site.replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${opts.tls.cert};`).replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${opts.tls.key};`);
  } else {
    site = between(site, 'TLS', '');
  }
  return site;
}

/** A complete nginx.conf around a site, with every path nginx writes to inside `dir`. */
export function mainConfig(dir: string, siteFile: string): string {
  return [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    // As root, workers would otherwise switch to "nobody" and lose access to the temp folders.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t}_temp;`),
    `  include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

/** A self-signed certificate for 127.0.0.1, made with the system's openssl. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes the adapted site and its nginx.conf into a fresh folder; `nginx -t` style checks can use it as is. */
export function writeNginxConfig(opts: { upstreams: string[]; port: number; tls?: boolean }): { dir: string; conf: string; tls?: { cert: string; key: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-nginx-'));
  const tls = opts.tls ? selfSignedCert(dir) : undefined;
  const site = path.join(dir, 'natter.conf');
  fs.writeFileSync(site, adaptSite(fs.readFileSync(NGINX_SITE, 'utf8'), { upstreams: opts.upstreams, listen: `127.0.0.1:${opts.port}`, ...(tls ? { tls } : {}) }));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, mainConfig(dir, site));
  return { dir, conf, ...(tls ? { tls } : {}) };
}

export interface RunningNginx {
  /** e.g. http://127.0.0.1:PORT/chat (https with tls). */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** A real nginx in the foreground, serving the shipped site in front of `upstreams`. */
export async function startNginx(opts: { upstreams: string[]; tls?: boolean }): Promise<RunningNginx> {
  const port = await freePort();
  const { dir, conf } = writeNginxConfig({ upstreams: opts.upstreams, port, ...(opts.tls ? { tls: true } : {}) });
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, () => child.exitCode !== null, () => `nginx did not start: ${stderr}${readIfExists(path.join(dir, 'error.log'))}`);
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}/chat`,
    port,
    dir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

async function waitForPort(port: number, failed: () => boolean, message: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (failed()) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(message());
}

export const COMPOSE_SITE = path.resolve(import.meta.dirname, '../../../../deploy/nginx/compose-site.conf');

/**
 * deploy/nginx/compose-site.conf: the shipped site for deploy/compose.yaml (two nodes by service name,
 * plain HTTP on port 80 inside the container). Regenerate after changing natter.conf with
 * `npx tsx -e "import('./packages/server/test/ops/nginx.ts').then((m) => m.writeComposeSite())"`.
 */
export function composeSite(): string {
  const header = [
    '# Generated from natter.conf for deploy/compose.yaml: same locations and headers, upstreams by',
    '# service name, plain HTTP inside the container (put TLS in front, or use natter.conf itself).',
    '# A test checks that this file matches natter.conf; regenerate it as packages/server/test/ops/nginx.ts says.',
    '',
  ].join('\n');
  return header + adaptSite(fs.readFileSync(NGINX_SITE, 'utf8'), { upstreams: ['natter-1:3000', 'natter-2:3000'], listen: '80' });
}

export function writeComposeSite(): void {
  fs.writeFileSync(COMPOSE_SITE, composeSite());
}
