import { describe, expect, it } from 'vitest';
import { Socket, signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('blocking on $name', (dialect) => {
  const server = serverFor(dialect);

  it('ends the friendship and closes requests and direct messages, with the closed-DM error', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    const sb = (await Socket.connect(url, b.token)).socket;
    expect((await a.api.call('PUT', `/api/blocks/${b.user.id}`)).status).toBe(204);
    await sb.next((f) => f.type === 'friend_removed' && f.userId === a.user.id);
    expect((await a.api.get('/api/friends')).body.friends).toEqual([]);
    expect((await b.api.get('/api/friends')).body.friends).toEqual([]);
    expect((await a.api.get('/api/blocks')).body.users).toEqual([{ id: b.user.id, username: b.user.username }]);
    expect((await a.api.get(`/api/users/search?q=${b.user.username}`)).body.users[0].relation).toBe('blocked');

    // The blocked side gets exactly what a closed direct conversation answers.
    const send = await b.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'blocked-send-1', body: 'hello?' });
    expect([send.status, send.body.error.code]).toEqual([403, 'not_accepting']);
    const open = await b.api.post('/api/dms', { username: a.user.username });
    expect(open.body.error.code).toBe('not_accepting');
    const request = await b.api.post('/api/friend-requests', { username: a.user.username });
    expect([request.status, request.body.error.code]).toEqual([403, 'not_accepting']);
    expect((await a.api.get('/api/friend-requests')).body.incoming).toEqual([]);
    // Even with direct messages open to everyone.
    await a.api.call('PATCH', '/api/settings', { onlyFriendsMayDm: false });
    expect((await b.api.post('/api/dms', { username: a.user.username })).body.error.code).toBe('not_accepting');

    // The blocker is told to unblock first.
    const mine = await a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'blocker-send-1', body: 'x' });
    expect([mine.status, mine.body.error.code]).toEqual([409, 'user_blocked']);
    expect((await a.api.post('/api/friend-requests', { username: b.user.username })).body.error.code).toBe('user_blocked');

    expect((await a.api.call('DELETE', `/api/blocks/${b.user.id}`)).status).toBe(204);
    expect((await a.api.get('/api/blocks')).body.users).toEqual([]);
    expect((await b.api.post('/api/friend-requests', { username: a.user.username })).status).toBe(201);
    sb.close();
  });

  it('drops pending requests both ways, and refuses blocking yourself or nobody', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const id = (await b.api.post('/api/friend-requests', { username: a.user.username })).body.request.id;
    expect((await a.api.call('PUT', `/api/blocks/${b.user.id}`)).status).toBe(204);
    expect((await a.api.call('PUT', `/api/blocks/${b.user.id}`)).status).toBe(204);
    expect((await a.api.post(`/api/friend-requests/${id}/accept`)).body.error.code).toBe('request_not_found');
    expect((await b.api.get('/api/friend-requests')).body.outgoing).toEqual([]);
    const self = await a.api.call('PUT', `/api/blocks/${a.user.id}`);
    expect([self.status, self.body.error.code]).toEqual([400, 'cannot_target_self']);
    expect((await a.api.call('PUT', '/api/blocks/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('hides presence and typing across a block, even in a shared room', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const general = (await a.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    const sa = (await Socket.connect(url, a.token)).socket;
    await a.api.call('PUT', `/api/blocks/${b.user.id}`);
    const sb = (await Socket.connect(url, b.token)).socket;
    const witness = await signUp(url);
    const sw = (await Socket.connect(url, witness.token)).socket;
    sb.send({ type: 'typing', conversationId: general.id });
    // The witness in the same room sees b typing; a, who blocked b, never does.
    await sw.next((f) => f.type === 'typing' && f.user.id === b.user.id);
    sb.close();
    await sw.next((f) => f.type === 'presence' && f.presence.userId === b.user.id && !f.presence.online, 6000);
    expect(sa.frames.some((f) => (f.type === 'presence' || f.type === 'typing') && ('presence' in f ? f.presence.userId : f.user.id) === b.user.id)).toBe(false);
    // Nor does b learn about a.
    const sb2 = (await Socket.connect(url, b.token)).socket;
    const info = (await a.api.get('/api/rooms/general')).body;
    expect(info.members.find((m: any) => m.user.id === b.user.id).online).toBe(false);
    expect(info.members.find((m: any) => m.user.id === witness.user.id).online).toBe(true);
    expect((await b.api.get('/api/users/online')).body.users.map((u: any) => u.id)).not.toContain(a.user.id);
    expect((await witness.api.get('/api/users/online')).body.users.map((u: any) => u.id)).toEqual(expect.arrayContaining([a.user.id, b.user.id]));
    sa.send({ type: 'typing', conversationId: general.id });
    await sw.next((f) => f.type === 'typing' && f.user.id === a.user.id);
    expect(sb2.frames.some((f) => f.type === 'typing')).toBe(false);
    for (const s of [sa, sb2, sw]) s.close();
  });
});
