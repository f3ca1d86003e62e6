import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromEnv } from '../../src/config';
import { COMPOSE_SITE, composeSite, mainConfig, NGINX_SITE, nginxAvailable, selfSignedCert } from './nginx';

const DEPLOY = path.resolve(import.meta.dirname, '../../../../deploy');
const read = (file: string) => fs.readFileSync(path.join(DEPLOY, file), 'utf8');

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** nginx -t over a config, in a scratch prefix: nothing is bound, nothing outside the folder is written. */
function nginxTest(site: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-nginx-t-'));
  try {
    const siteFile = path.join(dir, 'site.conf');
    fs.writeFileSync(siteFile, site);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), mainConfig(dir, siteFile));
    const r = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('deploy/nginx', () => {
  it.skipIf(!nginxAvailable)('natter.conf passes nginx -t as shipped (only the certificate placeholders filled in)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-cert-'));
    const { cert, key } = selfSignedCert(dir);
    const site = fs
      .readFileSync(NGINX_SITE, 'utf8')
      .replace('/etc/letsencrypt/live/chat.example.com/fullchain.pem', cert)
      .replace('/etc/letsencrypt/live/chat.example.com/privkey.pem', key);
    const result = nginxTest(site);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.output).toMatch(/syntax is ok/);
    expect(result.ok).toBe(true);
  });

  it('allows uploads as large as the server does by default', () => {
    const site = fs.readFileSync(NGINX_SITE, 'utf8');
    const mb = Number(site.match(/client_max_body_size (\d+)m;/)?.[1]);
    expect(mb * 1024 * 1024).toBe(configFromEnv({}).uploads.maxBytes);
  });

  it('compose-site.conf is natter.conf adapted for compose, and valid', () => {
    expect(fs.readFileSync(COMPOSE_SITE, 'utf8')).toBe(composeSite());
    if (!nginxAvailable) return;
    // Service names only resolve inside compose; loopback stands in for them here.
    const result = nginxTest(composeSite().replace(/natter-[12]:3000/g, '127.0.0.1:3000'));
    expect(result.output).toMatch(/syntax is ok/);
    expect(result.ok).toBe(true);
  });
});

describe('deploy/systemd', () => {
  const unit = read('systemd/natter.service');

  it('restarts on failure as an unprivileged user with its state directory as the only writable path', () => {
    for (const line of ['ExecStart=/usr/bin/node packages/server/dist/main.js', 'Restart=on-failure', 'User=natter', 'EnvironmentFile=/etc/natter/natter.env', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/natter', 'PrivateTmp=yes', 'ProtectHome=yes']) {
      expect(unit.split('\n')).toContain(line);
    }
    const env = read('systemd/natter.env.example');
    expect(env).toMatch(/^DATA_DIR=\/var\/lib\/natter$/m);
    expect(env).toMatch(/^TRUST_PROXY=127\.0\.0\.1$/m);
    // The example env file must itself be a valid configuration.
    const vars = Object.fromEntries(env.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(configFromEnv(vars).basePath).toBe('/chat');
  });

  it.skipIf(!hasCommand('systemd-analyze'))('passes systemd-analyze verify without a warning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-unit-'));
    const file = path.join(dir, 'natter.service');
    fs.writeFileSync(file, unit);
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const complaints = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter((l) => l.includes('natter.service'))
      .join('\n');
    expect(complaints).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('deploy/Dockerfile and compose.yaml', () => {
  it('builds in stages and runs as a non-root user with a health check', () => {
    const dockerfile = read('Dockerfile');
    const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gm)].map((m) => m[1]);
    expect(stages).toEqual(['build', 'runtime']);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/g\+\+|npm (ci|install)/);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health/m);
    // Production starts the compiled bundle that the build stage's `npm run build` writes.
    expect(dockerfile.slice(0, dockerfile.indexOf('AS runtime'))).toMatch(/^RUN npm run build$/m);
    expect(runtime).toMatch(/^CMD \["node", "packages\/server\/dist\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
    // Every file the build copies exists, so the COPY lines cannot silently rot.
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) expect(fs.existsSync(path.join(DEPLOY, '..', m[1]!)), m[1]).toBe(true);
  });

  it('runs PostgreSQL, Redis, two nodes sharing uploads, and nginx with the site from deploy/nginx', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as any;
    expect(Object.keys(compose.services).sort()).toEqual(['natter-1', 'natter-2', 'nginx', 'postgres', 'redis']);
    const nodes = [compose.services['natter-1'], compose.services['natter-2']];
    for (const node of nodes) {
      expect(node.build.dockerfile).toBe('deploy/Dockerfile');
      expect(fs.existsSync(path.join(DEPLOY, node.build.context, node.build.dockerfile))).toBe(true);
      expect(node.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(node.environment.REDIS_URL).toBe('redis://redis:6379');
      expect(node.environment.TRUST_PROXY).toBe(compose.services.nginx.networks.natter.ipv4_address);
      expect(node.volumes).toContain('uploads:/var/lib/natter/uploads');
      expect(node.depends_on.postgres.condition).toBe('service_healthy');
      // What each node would make of its environment is a valid configuration.
      const env = { ...node.environment, DATABASE_URL: node.environment.DATABASE_URL.replace('${POSTGRES_PASSWORD:-natter}', 'x') };
      expect(configFromEnv(env).ops.trustProxy).toEqual(['172.28.0.10']);
    }
    expect(nodes[0].environment.NODE_ID).not.toBe(nodes[1].environment.NODE_ID);
    const mount = compose.services.nginx.volumes[0] as string;
    expect(path.resolve(DEPLOY, mount.split(':')[0]!)).toBe(COMPOSE_SITE);
    expect(composeSite()).toMatch(/server natter-1:3000[\s\S]*server natter-2:3000/);
  });

  it.skipIf(spawnSync('docker', ['compose', 'version']).status !== 0)('docker compose config accepts the file', () => {
    execFileSync('docker', ['compose', '-f', path.join(DEPLOY, 'compose.yaml'), 'config', '--quiet']);
  });
});
