import { describe, expect, it } from 'vitest';
import { Socket, signUp, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('friends on $name', (dialect) => {
  const server = serverFor(dialect);

  it('finds users by exact name and case-insensitive prefix, at most 20, without e-mail addresses', async () => {
    const { url } = await server();
    const stem = uniqueName('Srch');
    const me = await signUp(url);
    const exact = await signUp(url, stem);
    for (let i = 0; i < 21; i++) await signUp(url, `${stem}${String(i).padStart(2, '0')}`);
    const res = await me.api.get(`/api/users/search?q=${stem.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.users).toHaveLength(20);
    expect(res.body.users[0]).toEqual({ user: { id: exact.user.id, username: stem }, relation: 'none' });
    expect(JSON.stringify(res.body)).not.toMatch(/email|@/i);
    const one = await me.api.get(`/api/users/search?q=${stem.toUpperCase()}05`);
    expect(one.body.users.map((u: any) => u.user.username)).toEqual([`${stem}05`]);
    const self = await me.api.get(`/api/users/search?q=${me.user.username}`);
    expect(self.body.users[0].relation).toBe('self');
    expect((await me.api.get('/api/users/search?q=%25')).body.users).toEqual([]);
    expect((await me.api.get('/api/users/search?q=')).body.error.code).toBe('validation_failed');
  });

  it('sends a request with a message live to the recipient, who accepts; the direct conversation opens', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const sb = (await Socket.connect(url, b.token)).socket;
    const sa = (await Socket.connect(url, a.token)).socket;
    const sent = await a.api.post('/api/friend-requests', { username: b.user.username.toUpperCase(), message: ' hi, it is me ' });
    expect(sent.status).toBe(201);
    expect(sent.body.state).toBe('pending');
    expect(sent.body.request).toMatchObject({ from: { id: a.user.id }, to: { id: b.user.id }, message: 'hi, it is me' });
    const live = await sb.next((f) => f.type === 'friend_request');
    expect(live).toMatchObject({ request: { id: sent.body.request.id, message: 'hi, it is me' } });

    const lists = (await b.api.get('/api/friend-requests')).body;
    expect(lists.incoming.map((r: any) => r.id)).toEqual([sent.body.request.id]);
    expect((await a.api.get('/api/friend-requests')).body.outgoing.map((r: any) => r.id)).toEqual([sent.body.request.id]);
    expect((await b.api.get(`/api/users/search?q=${a.user.username}`)).body.users[0].relation).toBe('request_received');

    const accepted = await b.api.post(`/api/friend-requests/${sent.body.request.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.friend.user.id).toBe(a.user.id);
    expect(accepted.body.friend.online).toBe(true);
    expect(accepted.body.conversation).toMatchObject({ kind: 'dm', peer: { id: a.user.id } });
    await sa.next((f) => f.type === 'friend_added' && f.friend.user.id === b.user.id);
    await sa.next((f) => f.type === 'friend_request_closed' && f.reason === 'accepted');
    await sa.next((f) => f.type === 'conversation' && f.conversation.id === accepted.body.conversation.id);

    const friendsOfA = (await a.api.get('/api/friends')).body.friends;
    expect(friendsOfA).toEqual([expect.objectContaining({ user: { id: b.user.id, username: b.user.username }, online: true, lastSeenAt: null })]);
    expect((await a.api.get('/api/friend-requests')).body).toEqual({ incoming: [], outgoing: [] });
    const dm = await a.api.post(`/api/conversations/${accepted.body.conversation.id}/messages`, { clientMsgId: 'friends-msg-1', body: 'hello friend' });
    expect(dm.status).toBe(201);
    sa.close();
    sb.close();
  });

  it('turns two crossing requests into a friendship', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const first = await a.api.post('/api/friend-requests', { username: b.user.username });
    const second = await b.api.post('/api/friend-requests', { username: a.user.username });
    expect(second.status).toBe(201);
    expect(second.body.state).toBe('friends');
    expect(second.body.conversation.kind).toBe('dm');
    expect((await a.api.get('/api/friends')).body.friends.map((f: any) => f.user.id)).toEqual([b.user.id]);
    const gone = await a.api.post(`/api/friend-requests/${first.body.request.id}/cancel`);
    expect(gone.body.error.code).toBe('request_not_found');
  });

  it('refuses requests to yourself, duplicates, existing friends and unknown users, changing nothing', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const self = await a.api.post('/api/friend-requests', { username: a.user.username });
    expect([self.status, self.body.error.code]).toEqual([400, 'cannot_target_self']);
    expect((await a.api.post('/api/friend-requests', { username: b.user.username })).status).toBe(201);
    const dup = await a.api.post('/api/friend-requests', { username: b.user.username });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'request_pending']);
    expect((await a.api.get('/api/friend-requests')).body.outgoing).toHaveLength(1);
    const nobody = await a.api.post('/api/friend-requests', { username: uniqueName('nobody') });
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'not_found']);
    const long = await a.api.post('/api/friend-requests', { username: b.user.username, message: 'x'.repeat(141) });
    expect(long.body.error.code).toBe('validation_failed');

    const c = await signUp(url);
    await befriend(a, c);
    const again = await c.api.post('/api/friend-requests', { username: a.user.username });
    expect([again.status, again.body.error.code]).toEqual([409, 'already_friends']);
  });

  it('lets only the recipient accept or decline, only the sender cancel, and refuses acting on a closed request', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const stranger = await signUp(url);
    const id = (await a.api.post('/api/friend-requests', { username: b.user.username })).body.request.id;

    const own = await a.api.post(`/api/friend-requests/${id}/accept`);
    expect([own.status, own.body.error.code]).toEqual([403, 'not_request_recipient']);
    expect((await a.api.post(`/api/friend-requests/${id}/decline`)).body.error.code).toBe('not_request_recipient');
    const foreign = await stranger.api.post(`/api/friend-requests/${id}/accept`);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'request_not_found']);
    expect((await b.api.post(`/api/friend-requests/${id}/cancel`)).body.error.code).toBe('forbidden');
    expect((await a.api.get('/api/friends')).body.friends).toEqual([]);

    expect((await b.api.post(`/api/friend-requests/${id}/decline`)).status).toBe(204);
    for (const action of ['accept', 'decline']) {
      const late = await b.api.post(`/api/friend-requests/${id}/${action}`);
      expect([late.status, late.body.error.code]).toEqual([404, 'request_not_found']);
    }
    expect((await a.api.post(`/api/friend-requests/${id}/cancel`)).body.error.code).toBe('request_not_found');
    expect((await a.api.get('/api/friends')).body.friends).toEqual([]);

    const id2 = (await a.api.post('/api/friend-requests', { username: b.user.username })).body.request.id;
    const sb = (await Socket.connect(url, b.token)).socket;
    expect((await a.api.post(`/api/friend-requests/${id2}/cancel`)).status).toBe(204);
    await sb.next((f) => f.type === 'friend_request_closed' && f.requestId === id2 && f.reason === 'cancelled');
    expect((await b.api.post(`/api/friend-requests/${id2}/accept`)).body.error.code).toBe('request_not_found');
    sb.close();
  });

  it('lets either side remove the friend, live for the other', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    await befriend(a, b);
    const sa = (await Socket.connect(url, a.token)).socket;
    expect((await b.api.call('DELETE', `/api/friends/${a.user.id}`)).status).toBe(204);
    await sa.next((f) => f.type === 'friend_removed' && f.userId === b.user.id);
    expect((await a.api.get('/api/friends')).body.friends).toEqual([]);
    const again = await b.api.call('DELETE', `/api/friends/${a.user.id}`);
    expect([again.status, again.body.error.code]).toEqual([409, 'not_friends']);
    sa.close();
  });

  it('keeps the direct conversation closed to non-friends unless the recipient allows it', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const refused = await a.api.post('/api/dms', { username: b.user.username });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_accepting']);
    expect((await b.api.get('/api/settings')).body.settings).toEqual({ onlyFriendsMayDm: true, sendReadReceipts: true });
    expect((await b.api.call('PATCH', '/api/settings', { onlyFriendsMayDm: false })).body.settings.onlyFriendsMayDm).toBe(false);
    const dm = (await a.api.post('/api/dms', { username: b.user.username })).body.conversation;
    expect(dm.kind).toBe('dm');
    const post = (body: string, n: number) => a.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: `open-dm-${n}xxx`, body });
    expect((await post('hi', 1)).status).toBe(201);
    await b.api.call('PATCH', '/api/settings', { onlyFriendsMayDm: true });
    const closed = await post('still there?', 2);
    expect([closed.status, closed.body.error.code]).toEqual([403, 'not_accepting']);
    // Over the socket the refusal is the same code.
    const { socket } = await Socket.connect(url, a.token);
    const frame = await socket.request({ type: 'send', id: 'dm-closed-1', conversationId: dm.id, clientMsgId: 'open-dm-3xxx', body: 'socket' });
    expect(frame).toMatchObject({ type: 'error', code: 'not_accepting' });
    socket.close();
    expect((await b.api.call('PATCH', '/api/settings', { bogus: true })).body.error.code).toBe('validation_failed');
  });
});

describe.each(dialects)('friend rate limits on $name', (dialect) => {
  const server = serverFor(dialect, { FRIEND_SEARCHES_PER_MINUTE: '3', FRIEND_REQUESTS_PER_HOUR: '2' });

  it('limits searches and requests per user with a retryable error', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    for (let i = 0; i < 3; i++) expect((await a.api.get('/api/users/search?q=u_')).status).toBe(200);
    const limited = await a.api.get('/api/users/search?q=u_');
    expect([limited.status, limited.body.error.code, limited.body.error.retryable]).toEqual([429, 'rate_limited', true]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user has a budget of their own.
    expect((await b.api.get('/api/users/search?q=u_')).status).toBe(200);

    const targets = [await signUp(url), await signUp(url), await signUp(url)];
    expect((await a.api.post('/api/friend-requests', { username: targets[0]!.user.username })).status).toBe(201);
    expect((await a.api.post('/api/friend-requests', { username: targets[1]!.user.username })).status).toBe(201);
    const third = await a.api.post('/api/friend-requests', { username: targets[2]!.user.username });
    expect(third.body.error.code).toBe('rate_limited');
    expect((await targets[2]!.api.get('/api/friend-requests')).body.incoming).toEqual([]);
  });
});
