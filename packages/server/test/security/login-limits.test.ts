import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { Api, signUp, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';

const dialects = await dialectsUnderTest();
const LIMITS = { LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '6', SIGNUP_LIMIT_PER_IP: '3' };

function from(url: string, ip: string) {
  const api = new Api(url);
  return {
    login: (username: string, password: string) => api.call('POST', '/api/auth/login', { username, password }, { 'x-forwarded-for': ip }),
    register: (username: string) => api.call('POST', '/api/auth/register', { username, password: 'correct horse 1' }, { 'x-forwarded-for': ip }),
  };
}

describe.each(dialects)('login and sign-up limits on $name', (dialect) => {
  const server = serverFor(dialect, { ...LIMITS, TRUST_PROXY: 'true' });

  it('limits guesses per account: 429 with Retry-After, even for the right password, other accounts unaffected', async () => {
    const { url } = await server();
    const victim = await signUp(url);
    const other = await signUp(url);
    const attacker = from(url, '203.0.113.10');
    for (let i = 0; i < 3; i++) expect((await attacker.login(victim.user.username, `guess number ${i}`)).status).toBe(401);
    const limited = await attacker.login(victim.user.username.toUpperCase(), 'guess number 4');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The account is protected from every address, and the right password does not slip through.
    expect((await from(url, '198.51.100.7').login(victim.user.username, victim.password)).status).toBe(429);
    expect((await from(url, '198.51.100.8').login(other.user.username, other.password)).status).toBe(200);
  });

  it('limits attempts per client address across accounts', async () => {
    const { url } = await server();
    const sprayer = from(url, '203.0.113.20');
    for (let i = 0; i < 6; i++) expect((await sprayer.login(uniqueName('nobody'), 'spray password 1')).status).toBe(401);
    const limited = await sprayer.login(uniqueName('nobody'), 'spray password 1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await from(url, '203.0.113.21').login(uniqueName('nobody'), 'spray password 1')).status).toBe(401);
  });

  it('limits sign-ups per client address', async () => {
    const { url } = await server();
    const farm = from(url, '203.0.113.30');
    for (let i = 0; i < 3; i++) expect((await farm.register(uniqueName('farm'))).status).toBe(201);
    const limited = await farm.register(uniqueName('farm'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await from(url, '203.0.113.31').register(uniqueName('farm'))).status).toBe(201);
  });
});

describe('the client address without TRUST_PROXY', () => {
  let server: TestServer | undefined;
  afterAll(async () => server?.close());

  it('ignores X-Forwarded-For, so a client cannot dodge the limit by inventing addresses', async () => {
    server = await startTestServer({ env: LIMITS });
    for (let i = 0; i < 6; i++) expect((await from(server.url, `192.0.2.${i}`).login(uniqueName('n'), 'spray password 1')).status).toBe(401);
    expect((await from(server.url, '192.0.2.99').login(uniqueName('n'), 'spray password 1')).status).toBe(429);
  });
});
