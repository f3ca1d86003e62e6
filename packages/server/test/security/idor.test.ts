import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { download, upload } from '../helpers/files';
import { serverFor } from '../helpers/server';
import { befriend } from '../helpers/social';

const dialects = await dialectsUnderTest();
const SECRET = 'the secret is 42';

describe.each(dialects)('other people\'s ids on $name', (dialect) => {
  const server = serverFor(dialect);

  /** a and b share a DM and a private room holding a message and a file; m is a stranger who knows every id. */
  async function scene() {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const m = await signUp(url);
    const dm = await befriend(a, b);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('priv'), visibility: 'private' })).body.conversation;
    await a.api.post(`/api/conversations/${room.id}/members`, { username: b.user.username });
    const file = (await upload(a.api, room.id, 'secret.txt', SECRET)).body.file;
    const message = (await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `c${nextId()}xxxxxxx`, body: SECRET, attachments: [file.id] })).body.message;
    const dmMessage = (await a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: `c${nextId()}xxxxxxx`, body: SECRET })).body.message;
    const pending = (await upload(a.api, room.id, 'draft.txt', SECRET)).body.file;
    return { url, a, b, m, dm, room, file, pending, message, dmMessage };
  }

  it('a stranger gets 404 for every conversation, message and file id, and never the content', async () => {
    const s = await scene();
    const calls: [string, string, unknown?][] = [];
    for (const c of [s.dm, s.room]) {
      calls.push(
        ['GET', `/api/conversations/${c.id}`],
        ['GET', `/api/conversations/${c.id}/messages`],
        ['POST', `/api/conversations/${c.id}/messages`, { clientMsgId: `c${nextId()}xxxxxxx`, body: 'hi' }],
        ['POST', `/api/conversations/${c.id}/leave`],
        ['POST', `/api/conversations/${c.id}/members`, { username: s.m.user.username }],
        ['POST', `/api/conversations/${c.id}/read`, { seq: 1 }],
        ['DELETE', `/api/conversations/${c.id}/messages/${c.id === s.dm.id ? s.dmMessage.id : s.message.id}`],
      );
    }
    calls.push(
      ['GET', `/api/rooms/${s.room.name}`],
      ['POST', `/api/rooms/${s.room.name}/join`],
      ['GET', `/api/messages?room=${s.room.name}`],
      ['GET', s.file.url],
      ['GET', `/api/files/${s.pending.id}`],
      ['DELETE', `/api/files/${s.pending.id}`],
    );
    for (const [method, path, body] of calls) {
      const res = await s.m.api.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(res.body ?? '')).not.toContain(SECRET);
    }
    const upload2 = await upload(s.m.api, s.room.id, 'x.txt', 'x');
    expect(upload2.status).toBe(404);
    // The owners still see everything: the refusals were about who asked.
    expect((await s.b.api.get(`/api/conversations/${s.room.id}/messages`)).body.messages[0].body).toBe(SECRET);
    expect((await download(s.a.api, `/api/files/${s.pending.id}`)).bytes.toString()).toBe(SECRET);
  });

  it('a member cannot delete someone else\'s message or pending upload', async () => {
    const s = await scene();
    expect((await s.b.api.call('DELETE', `/api/conversations/${s.room.id}/messages/${s.message.id}`)).status).toBe(403);
    expect((await s.b.api.call('DELETE', `/api/files/${s.pending.id}`)).status).toBe(404);
    // A message id under the wrong conversation is not found either.
    expect((await s.a.api.call('DELETE', `/api/conversations/${s.dm.id}/messages/${s.message.id}`)).status).toBe(404);
    expect((await s.b.api.get(`/api/conversations/${s.room.id}/messages`)).body.messages[0].body).toBe(SECRET);
  });

  it('sessions and friend requests of others cannot be touched by id', async () => {
    const s = await scene();
    const aSessions = (await s.a.api.get('/api/sessions')).body.sessions;
    expect(aSessions.length).toBeGreaterThan(0);
    for (const session of aSessions) expect((await s.m.api.call('DELETE', `/api/sessions/${session.id}`)).status).toBe(404);
    expect((await s.a.api.get('/api/me')).status).toBe(200);

    const c = await signUp(s.url);
    const request = (await s.a.api.post('/api/friend-requests', { username: c.user.username })).body.request;
    for (const action of ['accept', 'decline', 'cancel']) {
      const res = await s.m.api.post(`/api/friend-requests/${request.id}/${action}`);
      expect(res.status, action).toBeGreaterThanOrEqual(403);
      expect(res.status, action).toBeLessThanOrEqual(404);
    }
    // The sender cannot accept their own request either.
    expect((await s.a.api.post(`/api/friend-requests/${request.id}/accept`)).status).toBeGreaterThanOrEqual(403);
    expect((await c.api.get('/api/friend-requests')).body.incoming.map((r: any) => r.id)).toContain(request.id);
  });

  it('socket frames naming a foreign conversation are refused and replay nothing', async () => {
    const s = await scene();
    const { socket, welcome } = await Socket.connect(s.url, s.m.token, { [s.room.id]: 0, [s.dm.id]: 0 });
    expect(welcome.missed).toEqual([]);
    expect(welcome.resync.map((r) => r.reason)).toEqual(['unknown', 'unknown']);
    expect(welcome.heads[s.room.id]).toBeUndefined();
    for (const frame of [
      { type: 'send', id: nextId(), conversationId: s.room.id, clientMsgId: `c${nextId()}xxxxxxx`, body: 'hi' },
      { type: 'send', id: nextId(), conversationId: s.dm.id, clientMsgId: `c${nextId()}xxxxxxx`, body: 'hi', attachments: [s.pending.id] },
      { type: 'typing', id: nextId(), conversationId: s.room.id },
      { type: 'read', id: nextId(), conversationId: s.room.id, seq: 1 },
    ]) {
      const answer = await socket.request(frame);
      expect(answer, frame.type).toMatchObject({ type: 'error', code: 'not_found' });
    }
    // A member sending someone else's pending file by id is refused too.
    const { socket: bs } = await Socket.connect(s.url, s.b.token);
    const stolen = await bs.request({ type: 'send', id: nextId(), conversationId: s.room.id, clientMsgId: `c${nextId()}xxxxxxx`, body: 'mine now', attachments: [s.pending.id] });
    expect(stolen.type).toBe('error');
    expect(JSON.stringify(socket.frames)).not.toContain(SECRET);
    socket.close();
    bs.close();
  });
});
