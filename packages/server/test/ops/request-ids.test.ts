import { afterAll, describe, expect, it } from 'vitest';
import { kill9, type ServerProcess, spawnServer } from '../helpers/process';

/** The real entry point logging at info, as it would in production. */
describe('structured logs with request ids', () => {
  let server: ServerProcess;
  afterAll(async () => {
    if (server) await kill9(server);
  });

  const logLines = () =>
    server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);

  it('keeps a sane X-Request-Id, replaces an unsafe one, and logs each as JSON under reqId', async () => {
    server = await spawnServer({ LOG_LEVEL: 'info' });
    const given = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'lb-7f3a.2:9@edge' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.2:9@edge');

    const unsafe = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'x"}\\ {"level":60' } });
    const replaced = unsafe.headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);

    const missing = await fetch(`${server.url}/api/nope`);
    expect(missing.status).toBe(404);
    const generated = missing.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated).not.toBe(replaced);

    await new Promise((r) => setTimeout(r, 200));
    const lines = logLines();
    const about = (id: string | null) => lines.filter((l) => l.reqId === id);
    for (const id of ['lb-7f3a.2:9@edge', replaced, generated]) {
      const entries = about(id);
      expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
      expect(typeof entries[0]!.level).toBe('number');
    }
    expect(about(generated).find((e) => e.msg === 'request completed')!.res.statusCode).toBe(404);
  });

});
