import { type RouteDef, routes } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { Api, signUp, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';

const dialects = await dialectsUnderTest();
const FAKE_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const withBody = Object.entries(routes as Record<string, RouteDef>).filter(([, def]) => def.body);

function pathOf(def: RouteDef): string {
  return def.path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'name' ? 'general' : FAKE_ID));
}

function fieldsOf(def: RouteDef): [string, { safeParse(v: unknown): { success: boolean } }][] {
  const shape = (def.body as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  return shape ? Object.entries(shape) : [];
}

describe.each(dialects)('hostile input on $name', (dialect) => {
  const server = serverFor(dialect);
  let first: ReturnType<typeof signUp> | undefined;
  /** The first account, an administrator: admin routes then validate their bodies like any other. */
  const founder = async () => (first ??= server().then(({ url }) => signUp(url)));

  it('refuses __proto__ and constructor.prototype keys in every body without polluting anything', async () => {
    const a = await founder();
    expect(withBody.length).toBeGreaterThan(10);
    const bodies = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"username":"x","nested":{"__proto__":{"polluted":"yes"}}}',
    ];
    for (const [name, def] of withBody) {
      for (const body of bodies) {
        const res = await a.api.call(def.method, pathOf(def), body);
        expect(res.status, `${name} ${body}`).toBe(400);
        expect(['invalid_json', 'validation_failed'], name).toContain(res.body.error.code);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses operators, arrays, numbers and nulls where strings are expected, in every field of every body', async () => {
    const { url } = await server();
    const a = await founder();
    let checked = 0;
    for (const [name, def] of withBody) {
      for (const [field, schema] of fieldsOf(def)) {
        for (const value of [{ $ne: null }, { $gt: '' }, ['a', { $ne: null }], 1e308, null, true]) {
          // Only values the field itself refuses: a boolean field takes true, a number field 1e308 may pass its type check.
          if (schema.safeParse(value).success) continue;
          const res = await a.api.call(def.method, pathOf(def), { [field]: value });
          expect(res.status, `${name}.${field} = ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${name}.${field}`).toBeLessThan(500);
          checked++;
        }
      }
      for (const top of ['[]', '"text"', '42', 'null']) {
        const res = await a.api.call(def.method, pathOf(def), top);
        expect(res.status, `${name} ${top}`).toBe(400);
      }
    }
    expect(checked).toBeGreaterThan(100);
    // The classic login bypass: an operator instead of a password.
    const login = await new Api(url).post('/api/auth/login', { username: a.user.username, password: { $ne: null } });
    expect(login.status).toBe(400);
    expect(login.body.error.code).toBe('validation_failed');
  });

  it('refuses 10,000-deep JSON with a clear error', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const deep = `{"username":${'['.repeat(10_000)}${']'.repeat(10_000)},"password":"x"}`;
    for (const path of ['/api/auth/login', '/api/rooms']) {
      const res = await a.api.call('POST', path, deep);
      expect(res.status, path).toBe(400);
    }
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect((await a.api.call('POST', '/api/rooms', deepObject)).status).toBe(400);
    expect((await a.api.get('/api/health')).status).toBe(200);
  });

  it('refuses passwords over 128 characters before hashing, and 1 MB ones at the door', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const anon = new Api(url);
    const long = 'p'.repeat(129);
    const cases: [string, unknown][] = [
      ['/api/auth/register', { username: uniqueName(), password: long }],
      ['/api/auth/login', { username: a.user.username, password: long }],
      ['/api/auth/password-reset/confirm', { token: 'A'.repeat(43), password: long }],
    ];
    for (const [path, body] of cases) {
      const res = await anon.post(path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await a.api.post('/api/me/password', { currentPassword: 'correct horse 1', newPassword: long })).status).toBe(400);
    // A megabyte fits under the body limit only just; a little more does not.
    for (const size of [1_000_000, 1_100_000]) {
      const started = performance.now();
      const res = await anon.post('/api/auth/login', { username: a.user.username, password: 'x'.repeat(size) });
      expect(res.status).toBe(size < 1_048_576 - 100 ? 400 : 413);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    expect((await anon.post('/api/auth/login', { username: a.user.username, password: 'correct horse 1' })).status).toBe(200);
  });

  it('refuses the most common passwords at sign-up, password change and reset', async () => {
    const { url } = await server();
    const anon = new Api(url);
    for (const password of ['password123', 'qwertyuiop', 'ILOVEYOU', '12345678']) {
      const res = await anon.post('/api/auth/register', { username: uniqueName(), password });
      expect(res.status, password).toBe(400);
      expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'password' })]);
    }
    const a = await signUp(url);
    expect((await a.api.post('/api/me/password', { currentPassword: 'correct horse 1', newPassword: 'password123' })).status).toBe(400);
    const reset = await anon.post('/api/auth/password-reset/confirm', { token: 'A'.repeat(43), password: 'qwertyuiop' });
    expect(reset.status).toBe(400);
    expect(reset.body.error.code).toBe('validation_failed');
    expect((await anon.post('/api/auth/register', { username: uniqueName(), password: 'a rare passphrase 9' })).status).toBe(201);
  });
});
