import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Api, nextId, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';
import { browserSignUp } from './browser';

const dialects = await dialectsUnderTest();

/** Resolves with the HTTP status of a refused handshake, or 101 when the socket opened. */
function handshake(url: string, headers: Record<string, string>): Promise<{ status: number; ws: WebSocket }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/socket`, { headers });
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('error', () => {});
  });
}

describe.each(dialects)('sockets under abuse on $name', (dialect) => {
  const server = serverFor(dialect, { MAX_SOCKETS_PER_USER: '3', ALLOWED_ORIGINS: 'https://chat.example.com' });

  it('checks Origin on the handshake: exact match; none only for bearer clients', async () => {
    const { url } = await server();
    const s = await browserSignUp(url);
    const own = new URL(url).origin;
    const cases: [Record<string, string>, number][] = [
      [{ cookie: s.cookie, origin: own }, 101],
      [{ cookie: s.cookie, origin: 'https://chat.example.com' }, 101],
      [{ cookie: s.cookie, origin: 'https://evil.example' }, 403],
      [{ cookie: s.cookie, origin: `${own}.evil.example` }, 403],
      [{ cookie: s.cookie, origin: 'null' }, 403],
      [{ cookie: s.cookie }, 403],
      [{ authorization: `Bearer ${s.token}` }, 101],
      [{ authorization: `Bearer ${s.token}`, origin: 'https://evil.example' }, 403],
      [{ origin: own }, 401],
    ];
    for (const [headers, expected] of cases) {
      const { status, ws } = await handshake(url, headers);
      expect(status, JSON.stringify(Object.keys(headers)) + headers.origin).toBe(expected);
      ws.terminate();
    }
  });

  it('caps sockets per user: the next one gets an error frame and close code 4010', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const open = await Promise.all([1, 2, 3].map(() => Socket.open(url, a.token)));
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${a.token}` } });
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4010);
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'too_many_sockets' })]);
    // Another user is not affected, and closing one frees a place.
    const b = await signUp(url);
    (await Socket.open(url, b.token)).close();
    open[0]!.close();
    await open[0]!.closed;
    const again = await Socket.open(url, a.token);
    for (const s of [again, ...open.slice(1)]) s.close();
  });

  it('closes a socket that sends invalid UTF-8 (1007) and keeps serving everyone else', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const { socket } = await Socket.connect(url, a.token);
    const bad = await Socket.open(url, a.token);
    // A text frame whose payload is not UTF-8: 0xC3 0x28 is an invalid two-byte sequence.
    const tcp = (bad.ws as any)._socket as net.Socket;
    const payload = Buffer.from([0xc3, 0x28, 0xff, 0xfe]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    tcp.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    expect((await bad.closed).code).toBe(1007);
    const pong = await socket.request({ type: 'ping', id: nextId() });
    expect(pong.type).toBe('pong');
    socket.close();
  });

  it('answers oversized frames with an error frame and absurd ones with a close; deep JSON is refused', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const { socket } = await Socket.connect(url, a.token);
    socket.send(JSON.stringify({ type: 'ping', id: nextId(), pad: 'x'.repeat(65 * 1024) }));
    expect(await socket.next((f) => f.type === 'error' && f.code === 'payload_too_large')).toBeTruthy();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    socket.send(deep);
    expect(await socket.next((f) => f.type === 'error' && f.code === 'unknown_event')).toBeTruthy();
    socket.send('{"type":"ping","id":"p1","__proto__":{"polluted":1}}');
    await socket.next((f) => f.type === 'error' && f.id === 'p1');
    expect(({} as any).polluted).toBeUndefined();
    expect((await socket.request({ type: 'ping', id: nextId() })).type).toBe('pong');
    socket.send('x'.repeat(2 * 1024 * 1024));
    expect((await socket.closed).code).toBe(1009);
  });

  it('survives 1,000 frames a second from one user: error frames, then a close; others keep a sane round trip', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('flood') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    const { socket: calm } = await Socket.connect(url, b.token);
    const rtts: number[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) {
        const t = performance.now();
        const answer = await calm.request({ type: 'ping', id: nextId() });
        expect(answer.type).toBe('pong');
        rtts.push(performance.now() - t);
        // 40 a second stays within the per-connection burst for the length of the flood.
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    // A determined flooder: 10 frames every 10 ms for two seconds, reconnecting whenever it is cut off.
    const flooders: Socket[] = [];
    const refusals: number[] = [];
    let sent = 0;
    const started = Date.now();
    while (Date.now() - started < 2000) {
      let flooder = flooders[flooders.length - 1];
      if (!flooder || flooder.ws.readyState !== WebSocket.OPEN) {
        const attempt = await handshake(url, { authorization: `Bearer ${a.token}` });
        attempt.ws.terminate();
        if (attempt.status !== 101) {
          refusals.push(attempt.status);
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        flooder = (await Socket.connect(url, a.token)).socket;
        flooders.push(flooder);
      }
      for (let i = 0; i < 10 && flooder.ws.readyState === WebSocket.OPEN; i++, sent++) {
        flooder.send({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: `flood${sent}xxxxxx`, body: `flood ${sent}` });
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    flooding = false;
    await probe;
    // One connection: error frames, then a close; after that the user may not reconnect for a while.
    expect(flooders).toHaveLength(1);
    expect((await flooders[0]!.closed).code).toBe(4008);
    expect(flooders[0]!.frames.some((f) => f.type === 'error' && f.code === 'rate_limited')).toBe(true);
    expect(refusals.length).toBeGreaterThan(5);
    expect(new Set(refusals)).toEqual(new Set([429]));
    const acks = flooders.flatMap((f) => f.frames).filter((f) => f.type === 'ack').length;
    expect(acks).toBeLessThanOrEqual(100);
    expect(rtts.length).toBeGreaterThan(20);
    expect(Math.max(...rtts)).toBeLessThan(1000);
    // Everything acknowledged is stored, in order, without gaps.
    const history = await b.api.get(`/api/conversations/${room.id}/messages?limit=200`);
    expect(history.body.messages.map((m: any) => m.seq)).toEqual(history.body.messages.map((_: unknown, i: number) => history.body.messages[0].seq + i));
    calm.close();
  });

  it('cuts off a client that stops reading in a busy room; on reconnect it gets what it missed by cursor', async () => {
    const { url, app } = await server();
    const writer = await signUp(url);
    const lazy = await signUp(url);
    const room = (await writer.api.post('/api/rooms', { name: uniqueName('busy') })).body.conversation;
    await lazy.api.post(`/api/rooms/${room.name}/join`);
    const { socket } = await Socket.connect(url, lazy.token, { [room.id]: 0 });
    const first = (await writer.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: 'busy-first-1', body: 'hello' })).body.message;
    await socket.next((f) => f.type === 'message' && f.message.id === first.id);
    // Stop reading: TCP backs up, then the server's send buffer grows past its bound.
    const tcp = (socket.ws as any)._socket as net.Socket;
    tcp.pause();
    const big = '聊'.repeat(4000);
    let n = 0;
    const cutOff = () => app.gateway.socketsOf(lazy.user.id) === 0;
    const writers = Array.from({ length: 6 }, async () => {
      while (n < 900 && !cutOff()) {
        const i = n++;
        const res = await writer.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `busy-${i}-xxxxx`, body: big });
        if (res.status !== 201) throw new Error(`send failed ${res.status}`);
      }
    });
    await Promise.all(writers);
    expect(cutOff()).toBe(true);
    // What the kernel buffered still arrives, then the connection ends.
    tcp.resume();
    await socket.closed;
    const held = socket.messages(room.id).map((m) => m.seq);
    expect(held).toEqual(held.map((_, i) => first.seq + i));
    const cursor = held[held.length - 1]!;
    const head = (await writer.api.get(`/api/conversations/${room.id}`)).body.conversation.lastSeq;
    expect(head).toBeGreaterThan(cursor);
    const again = await Socket.connect(url, lazy.token, { [room.id]: cursor });
    const missed = again.welcome.missed.filter((m) => m.conversationId === room.id);
    expect(again.welcome.resync).toEqual([]);
    expect(missed.map((m) => m.seq)).toEqual(Array.from({ length: head - cursor }, (_, i) => cursor + 1 + i));
    again.socket.close();
  }, 60_000);

  it('still answers REST while sockets misbehave', async () => {
    const { url } = await server();
    expect((await new Api(url).get('/api/health')).status).toBe(200);
  });
});
