import { RESUME_MAX_PER_CONVERSATION } from '@natter/protocol';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('realtime on $name', (dialect) => {
  const server = serverFor(dialect);

  async function pairInRoom() {
    const { url, app } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('rt') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    return { url, app, a, b, room };
  }

  const send = (socket: Socket, conversationId: string, body: string, clientMsgId = `c${nextId()}xxxxxxxx`) =>
    socket.request({ type: 'send', id: nextId(), conversationId, clientMsgId, body });

  it('refuses a socket without a valid session', async () => {
    const { url } = await server();
    for (const headers of [{}, { authorization: 'Bearer not-a-real-token-at-all' }]) {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/api/socket`, { headers });
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
      expect(status).toBe(401);
    }
  });

  it('delivers a message live to members only, and acks after it is stored', async () => {
    const { url, a, b, room } = await pairInRoom();
    const stranger = await signUp(url);
    const sa = (await Socket.connect(url, a.token)).socket;
    const sb = (await Socket.connect(url, b.token)).socket;
    const ss = (await Socket.connect(url, stranger.token)).socket;
    const ack = await send(sa, room.id, 'hello room');
    expect(ack.type).toBe('ack');
    const live = await sb.next((f) => f.type === 'message' && f.message.body === 'hello room');
    expect(live.type === 'message' && ack.type === 'ack' && live.message.id === ack.message.id).toBe(true);
    const stored = await b.api.get(`/api/conversations/${room.id}/messages`);
    expect(stored.body.messages.map((m: any) => m.body)).toEqual(['hello room']);
    await new Promise((r) => setTimeout(r, 100));
    expect(ss.messages(room.id)).toHaveLength(0);
    for (const s of [sa, sb, ss]) s.close();
  });

  it('acks a retried send with the same message and stores it once', async () => {
    const { url, a, room } = await pairInRoom();
    const { socket } = await Socket.connect(url, a.token);
    const first = await send(socket, room.id, 'once', 'same-client-id-1');
    const again = await send(socket, room.id, 'once', 'same-client-id-1');
    expect(first).toMatchObject({ type: 'ack' });
    expect(again.type === 'ack' && first.type === 'ack' && again.message).toEqual(first.type === 'ack' && first.message);
    expect((await a.api.get(`/api/conversations/${room.id}/messages`)).body.messages).toHaveLength(1);
    socket.close();
  });

  it('replays exactly what a reconnecting client missed, then continues live without repeats', async () => {
    const { url, a, b, room } = await pairInRoom();
    const sa = (await Socket.connect(url, a.token)).socket;
    const first = await Socket.connect(url, b.token);
    await send(sa, room.id, 'before');
    await first.socket.next((f) => f.type === 'message' && f.message.body === 'before');
    const cursor = first.socket.messages(room.id).at(-1)?.seq ?? 0;
    first.socket.terminate();
    for (let i = 0; i < 5; i++) await send(sa, room.id, `missed ${i}`);

    const again = await Socket.connect(url, b.token, { [room.id]: cursor });
    expect(again.welcome.missed.map((m) => m.body)).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'missed 4']);
    expect(again.welcome.resync).toEqual([]);
    expect(again.welcome.heads[room.id]).toBe(cursor + 5);
    await send(sa, room.id, 'live again');
    await again.socket.next((f) => f.type === 'message' && f.message.body === 'live again');
    const seqs = [...again.welcome.missed, ...again.socket.messages(room.id)].map((m) => m.seq);
    expect(seqs).toEqual([cursor + 1, cursor + 2, cursor + 3, cursor + 4, cursor + 5, cursor + 6]);
    sa.close();
    again.socket.close();
  });

  it('holds events that arrive before hello and delivers each once', async () => {
    const { url, a, b, room } = await pairInRoom();
    const sa = (await Socket.connect(url, a.token)).socket;
    const sb = await Socket.open(url, b.token);
    await send(sa, room.id, 'between ready and hello');
    const welcome = await sb.request({ type: 'hello', id: nextId(), cursors: { [room.id]: 0 } });
    await new Promise((r) => setTimeout(r, 100));
    const got = [...(welcome.type === 'welcome' ? welcome.missed : []), ...sb.messages(room.id)];
    expect(got.map((m) => m.body)).toEqual(['between ready and hello']);
    sa.close();
    sb.close();
  });

  it('answers resync for unknown and too old cursors', async () => {
    const { url, app, a, room } = await pairInRoom();
    const now = Date.now();
    const total = RESUME_MAX_PER_CONVERSATION + 5;
    const rows = Array.from({ length: total }, (_, i) => ({
      id: `bulk${room.id}${i}`, conversation_id: room.id, seq: i + 1, sender_id: a.user.id, body: `b${i}`, client_msg_id: null, created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await app.ctx.db.insertInto('messages').values(rows.slice(i, i + 200)).execute();
    await app.ctx.db.updateTable('conversations').set({ last_seq: total }).where('id', '=', room.id).execute();

    const { socket, welcome } = await Socket.connect(url, a.token, { [room.id]: 0, AAAAAAAAAAAAAAAAAAAAAA: 3 });
    expect(welcome.resync).toEqual(
      expect.arrayContaining([
        { conversationId: room.id, reason: 'too_old' },
        { conversationId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'unknown' },
      ]),
    );
    expect(welcome.missed).toHaveLength(0);
    const near = await socket.request({ type: 'hello', id: nextId(), cursors: { [room.id]: total - 2 } });
    expect(near.type === 'welcome' && near.missed.map((m) => m.seq)).toEqual([total - 1, total]);
    socket.close();
  });

  it('answers bad frames with error frames that echo the request id, and stays open', async () => {
    const { url, a, room } = await pairInRoom();
    const { socket } = await Socket.connect(url, a.token);
    socket.send('{not json');
    expect(await socket.next((f) => f.type === 'error' && f.code === 'invalid_json')).toMatchObject({ id: null });
    expect(await socket.request({ type: 'teleport', id: 'x1' })).toMatchObject({ type: 'error', id: 'x1', code: 'unknown_event' });
    expect(await socket.request({ type: 'send', id: 'x2', conversationId: room.id, clientMsgId: 'short', body: 'hi' })).toMatchObject({ type: 'error', id: 'x2', code: 'validation_failed' });
    expect(await socket.request({ type: 'send', id: 'x3', conversationId: room.id, clientMsgId: 'abcdefgh99', body: 'hi', extra: 1 })).toMatchObject({ code: 'validation_failed' });
    expect(await socket.request({ type: 'send', id: 'x4', conversationId: 'AAAAAAAAAAAAAAAAAAAAAA', clientMsgId: 'abcdefgh98', body: 'hi' })).toMatchObject({ id: 'x4', code: 'not_found' });
    socket.send({ type: 'send', id: 'x5', conversationId: room.id, clientMsgId: 'abcdefgh97', body: 'x'.repeat(70_000) });
    expect(await socket.next((f) => f.type === 'error' && f.code === 'payload_too_large')).toBeTruthy();
    expect(await socket.request({ type: 'ping', id: 'x6' })).toMatchObject({ type: 'pong', id: 'x6' });
    socket.close();
  });

  it('closes the sockets of a session that logs out', async () => {
    const { url, a } = await pairInRoom();
    const { socket } = await Socket.connect(url, a.token);
    await a.api.post('/api/auth/logout');
    const closed = await socket.closed;
    expect(closed.code).toBe(4002);
    expect(socket.frames.at(-1)).toMatchObject({ type: 'goodbye', reason: 'logged_out' });
  });

  it('tells room mates about presence, joins and new direct conversations', async () => {
    const { url, a, b, room } = await pairInRoom();
    const sa = (await Socket.connect(url, a.token)).socket;
    const sb = (await Socket.connect(url, b.token)).socket;
    await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && f.presence.online);
    const c = await signUp(url);
    await c.api.post(`/api/rooms/${room.name}/join`);
    await sa.next((f) => f.type === 'member_joined' && f.conversationId === room.id && f.user.id === c.user.id);
    // a accepts direct messages from anyone, so c may start one without being a friend.
    expect((await a.api.call('PATCH', '/api/settings', { onlyFriendsMayDm: false })).status).toBe(200);
    const dm = (await c.api.post('/api/dms', { username: a.user.username })).body.conversation;
    const event = await sa.next((f) => f.type === 'conversation' && f.conversation.id === dm.id);
    expect(event.type === 'conversation' && event.conversation.peer?.username).toBe(c.user.username);
    sb.close();
    await sa.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 6000);
    sa.close();
  });
});
