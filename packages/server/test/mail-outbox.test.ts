import { describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing';
import { Api, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('mail without an SMTP server on $name', (dialect) => {
  const server = serverFor(dialect, { EMAIL_VERIFICATION: 'required' });

  it('lists the mail, link included, on the outbox page so sign-up can be finished', async () => {
    const { url } = await server();
    const api = new Api(url);
    expect((await api.get('/api/auth/options')).body).toEqual({ emailVerification: 'required', devOutbox: true });
    const username = uniqueName('ob');
    const reg = await api.post('/api/auth/register', { username, password: 'long enough pw', email: `${username}@example.test` });
    expect(reg.status).toBe(201);
    const res = await fetch(`${url}/api/dev/outbox`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(`${username}@example.test`);
    const link = new RegExp(`<a href="(${url.replace(/[.]/g, '\\.')}/#/verify-email/([A-Za-z0-9_-]+))">`).exec(html);
    expect(link, html).not.toBeNull();
    expect((await api.post('/api/auth/verify-email', { token: link![2] })).status).toBe(200);
    expect((await new Api(url, reg.body.token).get('/api/conversations')).status).toBe(200);
  });

  it('escapes what it shows', async () => {
    const { url, app } = await server();
    app.ctx.mailer.send({ to: 'x@example.test', kind: 'test', subject: '<script>alert(1)</script>', text: 'see <img src=x onerror=alert(1)> https://a.example/?q="><b>', html: '' });
    const html = await (await fetch(`${url}/api/dev/outbox`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('mail without an SMTP server in production', () => {
  it('goes to the log only: there is no outbox page', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      expect((await fetch(`${server.url}/api/dev/outbox`)).status).toBe(404);
      expect((await new Api(server.url).get('/api/auth/options')).body).toEqual({ emailVerification: 'optional', devOutbox: false });
    } finally {
      await server.close();
    }
  });
});
