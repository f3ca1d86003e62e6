import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing';
import { Api, Socket, signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();
const HEARTBEAT_MS = 200;

/** Stops reading from the TCP connection: pings go unanswered and no close frame is ever sent. */
function freeze(socket: Socket): void {
  const tcp = (socket.ws as unknown as { _socket: NetSocket })._socket;
  tcp.pause();
  tcp.removeAllListeners('data');
}

describe.each(dialects)('presence on $name', (dialect) => {
  const server = serverFor(dialect, { SOCKET_HEARTBEAT_MS: String(HEARTBEAT_MS) });

  /** Two friends with a socket each; A has already been told B is online. */
  async function friendsOnline() {
    const { url, app } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    await befriend(a, b);
    const sa = (await Socket.connect(url, a.token)).socket;
    const b1 = (await Socket.connect(url, b.token)).socket;
    await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && f.presence.online);
    return { url, app, a, b, sa, b1 };
  }

  it('counts several sockets once and goes offline after the last one closes', async () => {
    const { url, a, b, sa, b1 } = await friendsOnline();
    const b2 = (await Socket.connect(url, b.token)).socket;
    b1.close();
    await new Promise((r) => setTimeout(r, 2500));
    const bFrames = () => sa.frames.filter((f) => f.type === 'presence' && f.presence.userId === b.user.id);
    expect(bFrames().map((f) => f.type === 'presence' && f.presence.online)).toEqual([true]);
    expect((await a.api.get('/api/friends')).body.friends[0].online).toBe(true);
    const before = Date.now();
    b2.close();
    const offline = await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 6000);
    expect(offline.type === 'presence' && offline.presence.lastSeenAt).toBeGreaterThanOrEqual(before - 5);
    const contact = (await a.api.get('/api/friends')).body.friends[0];
    expect(contact.online).toBe(false);
    expect(contact.lastSeenAt).toBeGreaterThanOrEqual(before - 5);
    sa.close();
  });

  it('says nothing when the only socket comes back within the grace period', async () => {
    const { url, b, sa, b1 } = await friendsOnline();
    b1.close();
    await b1.closed;
    const b2 = (await Socket.connect(url, b.token)).socket;
    await new Promise((r) => setTimeout(r, 2500));
    const bFrames = sa.frames.filter((f) => f.type === 'presence' && f.presence.userId === b.user.id);
    expect(bFrames.map((f) => f.type === 'presence' && f.presence.online)).toEqual([true]);
    // Gone for good this time: the offline announcement still comes.
    b2.close();
    await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 6000);
    sa.close();
  });

  it('notices a socket that vanished without a close frame', async () => {
    const { app, b, sa, b1: sb } = await friendsOnline();
    const cut = Date.now();
    freeze(sb);
    await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 2 * HEARTBEAT_MS + 2000 + 3000);
    // Two heartbeat periods to notice, then the reload grace: far inside 30 s with the default 10 s heartbeat.
    expect(Date.now() - cut).toBeLessThan(2 * HEARTBEAT_MS + 2000 + 2000);
    expect(app.gateway.socketsOf(b.user.id)).toBe(0);
    sa.close();
    sb.terminate();
  });

  it('tells friends and room mates, never strangers', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const friend = await signUp(url);
    const stranger = await signUp(url);
    await befriend(a, friend);
    for (const who of [a, friend, stranger]) {
      const general = (await who.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
      expect((await who.api.post(`/api/conversations/${general.id}/leave`)).status).toBe(204);
    }
    const sf = (await Socket.connect(url, friend.token)).socket;
    const ss = (await Socket.connect(url, stranger.token)).socket;
    const sa = (await Socket.connect(url, a.token)).socket;
    await sf.next((f) => f.type === 'presence' && f.presence.userId === a.user.id && f.presence.online);
    sa.close();
    await sf.next((f) => f.type === 'presence' && f.presence.userId === a.user.id && !f.presence.online, 6000);
    expect(ss.frames.filter((f) => f.type === 'presence')).toEqual([]);
    expect((await stranger.api.get('/api/users/online')).body.users.map((u: any) => u.id)).not.toContain(a.user.id);
    sf.close();
    ss.close();
  });
});

describe.each(dialects)('last seen across a restart on $name', (dialect) => {
  it('is kept in the database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-lastseen-'));
    const databaseUrl = (await dialect.create()) ?? `sqlite:${path.join(dataDir, 'natter.db')}`;
    try {
      const first = await startTestServer({ databaseUrl });
      const a = await signUp(first.url);
      const b = await signUp(first.url);
      await befriend(a, b);
      const sb = (await Socket.connect(first.url, b.token)).socket;
      const before = Date.now();
      sb.close();
      await sb.closed;
      await new Promise((r) => setTimeout(r, 300));
      await first.close();

      const second = await startTestServer({ databaseUrl });
      const api = new Api(second.url, a.token);
      const [contact] = (await api.get('/api/friends')).body.friends;
      expect(contact).toMatchObject({ online: false });
      expect(contact.lastSeenAt).toBeGreaterThanOrEqual(before - 5);
      expect(contact.lastSeenAt).toBeLessThanOrEqual(Date.now());
      await second.close();
    } finally {
      await dialect.dropAll();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
