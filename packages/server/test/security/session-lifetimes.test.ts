import { describe, expect, it } from 'vitest';
import { Api, signUp, Socket } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';

const dialects = await dialectsUnderTest();
const DAY_MS = 24 * 3600 * 1000;
// Idle after 8.64 s of real time, so the check of open sockets' sessions runs every ~2 s.
const IDLE_DAYS = 0.0001;
const IDLE_MS = IDLE_DAYS * DAY_MS;

describe.each(dialects)('session lifetimes on $name', (dialect) => {
  const server = serverFor(dialect, { SESSION_IDLE_DAYS: String(IDLE_DAYS), SESSION_TTL_DAYS: '1' });

  /** Moves this server's clock; sessions, not sockets, read it. */
  async function later(ms: number) {
    const { app } = await server();
    const base = app.ctx.now;
    app.ctx.now = () => base() + ms;
  }

  it('ends a session left idle longer than SESSION_IDLE_DAYS, but not one in use by a socket', async () => {
    const { url, app } = await server();
    const realNow = app.ctx.now;
    try {
      const a = await signUp(url);
      const idle = new Api(url, (await new Api(url).post('/api/auth/login', { username: a.user.username, password: a.password })).body.token);
      const { socket } = await Socket.connect(url, a.token);
      await later(IDLE_MS * 0.75);
      // Wait for a check of open sockets: it marks the socket's session as used.
      await new Promise((r) => setTimeout(r, 2600));
      app.ctx.now = realNow;
      await later(IDLE_MS * 1.2);
      expect((await idle.get('/api/me')).status).toBe(401);
      expect((await a.api.get('/api/me')).status).toBe(200);
      socket.close();
    } finally {
      app.ctx.now = realNow;
    }
  });

  it('ends every session at SESSION_TTL_DAYS however busy, and closes its sockets with session_expired', async () => {
    const { url, app } = await server();
    const realNow = app.ctx.now;
    try {
      const a = await signUp(url);
      const { socket } = await Socket.connect(url, a.token);
      await later(DAY_MS + 1000);
      const closed = await socket.closed;
      expect(closed.code).toBe(4002);
      expect(socket.frames.some((f) => f.type === 'goodbye' && f.reason === 'session_expired')).toBe(true);
      expect((await a.api.get('/api/me')).status).toBe(401);
    } finally {
      app.ctx.now = realNow;
    }
  });
});
