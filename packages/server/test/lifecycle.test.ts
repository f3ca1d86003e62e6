import { describe, expect, it } from 'vitest';
import { Api, Socket, signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

async function login(url: string, username: string, password: string, userAgent = 'test-agent') {
  const api = new Api(url);
  const res = await api.call('POST', '/api/auth/login', { username, password }, { 'user-agent': userAgent });
  api.token = res.body?.token;
  return { api, res };
}

describe.each(dialects)('account lifecycle on $name', (dialect) => {
  const server = serverFor(dialect);

  it('lists sessions and ends one, closing its sockets', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const phone = await login(url, a.user.username, a.password, 'Phone/1.0');
    const listed = (await a.api.get('/api/sessions')).body.sessions;
    expect(listed).toHaveLength(2);
    expect(listed.filter((s: any) => s.current)).toHaveLength(1);
    const other = listed.find((s: any) => !s.current);
    expect(other.userAgent).toBe('Phone/1.0');
    expect(JSON.stringify(listed)).not.toContain(phone.api.token);

    const socket = (await Socket.connect(url, phone.api.token!)).socket;
    expect((await a.api.call('DELETE', `/api/sessions/${other.id}`)).status).toBe(204);
    expect((await socket.closed).code).toBe(4002);
    expect((await phone.api.get('/api/me')).status).toBe(401);
    expect((await a.api.call('DELETE', `/api/sessions/${other.id}`)).status).toBe(404);
    expect((await a.api.get('/api/sessions')).body.sessions).toHaveLength(1);
  });

  it('changes the password, ending every other session', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const other = await login(url, a.user.username, a.password);
    const socket = (await Socket.connect(url, other.api.token!)).socket;
    const wrong = await a.api.post('/api/me/password', { currentPassword: 'not it at all', newPassword: 'a brand new secret' });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'wrong_password']);
    const weak = await a.api.post('/api/me/password', { currentPassword: a.password, newPassword: 'short' });
    expect(weak.body.error.code).toBe('validation_failed');
    expect((await other.api.get('/api/me')).status).toBe(200);

    expect((await a.api.post('/api/me/password', { currentPassword: a.password, newPassword: 'a brand new secret' })).status).toBe(204);
    const closed = await socket.closed;
    expect(closed.code).toBe(4002);
    expect(socket.frames.at(-1)).toMatchObject({ type: 'goodbye', reason: 'logged_out' });
    expect((await other.api.get('/api/me')).status).toBe(401);
    expect((await a.api.get('/api/me')).status).toBe(200);
    expect((await login(url, a.user.username, a.password)).res.status).toBe(401);
    expect((await login(url, a.user.username, 'a brand new secret')).res.status).toBe(200);
  });

  it('deletes an account: friends see it leave live, old messages show a deleted user, the name is free again', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const friend = await signUp(url);
    const pending = await signUp(url);
    const dm = await befriend(a, friend);
    await a.api.post('/api/friend-requests', { username: pending.user.username });
    const general = (await a.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    await a.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'before-delete-1', body: 'bye all' });
    await a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'before-delete-2', body: 'bye you' });
    const sf = (await Socket.connect(url, friend.token)).socket;
    const sp = (await Socket.connect(url, pending.token)).socket;
    const sa = (await Socket.connect(url, a.token)).socket;

    const wrong = await a.api.post('/api/me/delete', { password: 'not the password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'wrong_password']);
    expect((await a.api.get('/api/me')).status).toBe(200);

    expect((await a.api.post('/api/me/delete', { password: a.password })).status).toBe(204);
    await sf.next((f) => f.type === 'friend_removed' && f.userId === a.user.id);
    await sp.next((f) => f.type === 'friend_request_closed' && f.reason === 'gone');
    await sf.next((f) => f.type === 'member_left' && f.userId === a.user.id);
    const peerEvent = await sf.next((f) => f.type === 'conversation' && f.conversation.id === dm.id);
    expect(peerEvent.type === 'conversation' && peerEvent.conversation.peer).toEqual({ id: a.user.id, username: '', deleted: true });
    expect((await sa.closed).code).toBe(4002);

    expect((await friend.api.get('/api/friends')).body.friends).toEqual([]);
    expect((await pending.api.get('/api/friend-requests')).body.incoming).toEqual([]);
    expect((await a.api.get('/api/me')).status).toBe(401);
    expect((await login(url, a.user.username, a.password)).res.status).toBe(401);
    const history = (await friend.api.get(`/api/conversations/${general.id}/messages`)).body.messages;
    expect(history.find((m: any) => m.body === 'bye all').sender).toEqual({ id: a.user.id, username: '', deleted: true });
    const dmHistory = (await friend.api.get(`/api/conversations/${dm.id}/messages`)).body.messages;
    expect(dmHistory.at(-1)).toMatchObject({ body: 'bye you', sender: { deleted: true } });
    const info = (await friend.api.get('/api/rooms/general')).body;
    expect(info.members.some((m: any) => m.user.id === a.user.id)).toBe(false);
    expect((await friend.api.get(`/api/users/search?q=${a.user.username}`)).body.users).toEqual([]);
    const refused = await friend.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: 'after-delete-1', body: 'hello?' });
    expect(refused.body.error.code).toBe('not_accepting');

    const again = await signUp(url, a.user.username);
    expect(again.user.id).not.toBe(a.user.id);
    expect((await friend.api.get(`/api/users/search?q=${a.user.username}`)).body.users.map((u: any) => u.user.id)).toEqual([again.user.id]);
    for (const s of [sf, sp]) s.close();
  });
});
