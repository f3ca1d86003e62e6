import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type NatterApp } from '../../src/app';
import { ConfigError, configFromEnv } from '../../src/config';

describe('TRUST_PROXY', () => {
  it('is off by default and reads hop counts, address lists, CIDRs and range names', () => {
    expect(configFromEnv({}).ops.trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: 'false' }).ops.trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: '2' }).ops.trustProxy).toBe(2);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).ops.trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).ops.trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses what it cannot understand, naming the variable', () => {
    for (const bad of ['nginx.local', '10.0.0.0/33', '10.0.0/8', '::1/129', '127.0.0.1,,example']) {
      expect(() => configFromEnv({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => configFromEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  const apps: NatterApp[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function appWith(trustProxy: string | undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-trust-'));
    dirs.push(dir);
    const app = await buildApp(configFromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, WEB_DIST: '', ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) }));
    app.fastify.get('/test/peer', async (req) => ({ ip: req.ip, protocol: req.protocol }));
    apps.push(app);
    return async (remoteAddress: string, headers: Record<string, string> = {}) =>
      (await app.fastify.inject({ url: '/test/peer', remoteAddress, headers })).json() as { ip: string; protocol: string };
  }

  const forwarded = { 'x-forwarded-for': '198.51.100.9, 203.0.113.7', 'x-forwarded-proto': 'https' };

  it('ignores forwarded headers from everyone when unset', async () => {
    const peer = await appWith(undefined);
    expect(await peer('127.0.0.1', forwarded)).toEqual({ ip: '127.0.0.1', protocol: 'http' });
  });

  it('believes a listed proxy, and only the hops it vouches for', async () => {
    const peer = await appWith('127.0.0.1');
    expect(await peer('127.0.0.1', forwarded)).toEqual({ ip: '203.0.113.7', protocol: 'https' });
    expect(await peer('192.0.2.50', forwarded)).toEqual({ ip: '192.0.2.50', protocol: 'http' });
  });

  it('walks back through every trusted proxy of a CIDR', async () => {
    const peer = await appWith('10.0.0.0/8');
    expect(await peer('10.1.2.3', { 'x-forwarded-for': '198.51.100.9, 10.9.9.9' })).toEqual({ ip: '198.51.100.9', protocol: 'http' });
  });

  it('trusts exactly n hops for a hop count', async () => {
    const peer = await appWith('1');
    expect(await peer('192.0.2.50', forwarded)).toEqual({ ip: '203.0.113.7', protocol: 'https' });
  });
});
