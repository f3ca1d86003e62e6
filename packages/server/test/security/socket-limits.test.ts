import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { nextId, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';

const dialects = await dialectsUnderTest();

/** Sends `perSecond` typing frames a second for `ms`, in 10 ms slices; resolves with how many were sent. */
async function pace(socket: Socket, conversationId: string, perSecond: number, ms: number): Promise<number> {
  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < ms && socket.ws.readyState === WebSocket.OPEN) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) socket.send({ type: 'typing', conversationId });
    await new Promise((r) => setTimeout(r, 10));
  }
  return sent;
}

function handshakeStatus(url: string, token: string): Promise<number> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${token}` } });
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
    ws.on('open', () => (resolve(101), ws.terminate()));
    ws.on('error', () => {});
  });
}

async function roomWithSocket(url: string) {
  const user = await signUp(url);
  const room = (await user.api.post('/api/rooms', { name: uniqueName('limits') })).body.conversation;
  const { socket } = await Socket.connect(url, user.token);
  return { user, room, socket };
}

describe.each(dialects)('socket limits as configuration on $name', (dialect) => {
  const defaults = serverFor(dialect);
  const raised = serverFor(dialect, { SOCKET_FRAMES_PER_SECOND: '200', SOCKET_FRAME_BURST: '400' });
  const strict = serverFor(dialect, { SOCKET_FRAMES_PER_SECOND: '5', SOCKET_FRAME_BURST: '5', SOCKET_RATE_STRIKES: '2', SOCKET_FLOOD_PENALTY_MS: '600' });

  it('80 frames a second: refused under the default limit, accepted where the limit is raised', async () => {
    for (const [server, limited] of [[defaults, true], [raised, false]] as const) {
      const { url } = await server();
      const { room, socket } = await roomWithSocket(url);
      const sent = await pace(socket, room.id, 80, 2000);
      // A ping after the burst: its pong proves every earlier frame was read.
      if (!limited) expect((await socket.request({ type: 'ping', id: nextId() })).type).toBe('pong');
      const refused = socket.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length;
      expect(sent).toBeGreaterThan(120);
      if (limited) expect(refused).toBeGreaterThan(0);
      else expect(refused).toBe(0);
      socket.close();
    }
  });

  it('the strike count and the flood penalty follow their settings', async () => {
    const { url } = await strict();
    const { user, room, socket } = await roomWithSocket(url);
    for (let i = 0; i < 10; i++) socket.send({ type: 'typing', conversationId: room.id });
    expect((await socket.closed).code).toBe(4008);
    // What is left of the burst is allowed, two refusals get error frames, the third closes.
    expect(socket.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited')).toHaveLength(2);
    expect(await handshakeStatus(url, user.token)).toBe(429);
    await new Promise((r) => setTimeout(r, 700));
    expect(await handshakeStatus(url, user.token)).toBe(101);
  });
});
