import { describe, expect, it } from 'vitest';
import { signUp, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('rooms and direct conversations on $name', (dialect) => {
  const server = serverFor(dialect);

  it('puts every new account in general', async () => {
    const { url } = await server();
    const { api } = await signUp(url);
    const { body } = await api.get('/api/conversations');
    expect(body.conversations.map((c: any) => c.name)).toContain('general');
  });

  it('creates public and private rooms; only public ones are listed and joinable', async () => {
    const { url } = await server();
    const owner = await signUp(url);
    const other = await signUp(url);
    const pub = uniqueName('pub');
    const priv = uniqueName('priv');
    expect((await owner.api.post('/api/rooms', { name: pub, topic: 'open to all' })).status).toBe(201);
    const created = await owner.api.post('/api/rooms', { name: priv, visibility: 'private' });
    expect(created.body.conversation.visibility).toBe('private');
    expect((await other.api.post('/api/rooms', { name: pub.toUpperCase() })).body.error.code).toBe('room_name_taken');

    const listed = (await other.api.get('/api/rooms')).body.rooms.map((r: any) => r.name);
    expect(listed).toContain(pub);
    expect(listed).not.toContain(priv);
    const filtered = (await other.api.get(`/api/rooms?q=${pub.slice(0, 6)}`)).body.rooms.map((r: any) => r.name);
    expect(filtered).toContain(pub);

    const joined = await other.api.post(`/api/rooms/${pub}/join`);
    expect(joined.body.conversation.memberCount).toBe(2);
    const refused = await other.api.post(`/api/rooms/${priv}/join`);
    expect(refused.status).toBe(404);
    const missing = await other.api.post(`/api/rooms/${uniqueName('none')}/join`);
    expect(refused.body).toEqual({ error: { ...missing.body.error, message: refused.body.error.message } });
  });

  it('hides a private room from non-members exactly like a missing one', async () => {
    const { url } = await server();
    const owner = await signUp(url);
    const stranger = await signUp(url);
    const room = (await owner.api.post('/api/rooms', { name: uniqueName('secret'), visibility: 'private' })).body.conversation;
    for (const path of [`/api/conversations/${room.id}`, `/api/conversations/${room.id}/messages`, `/api/rooms/${room.name}`, `/api/messages?room=${room.name}`]) {
      const res = await stranger.api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const post = await stranger.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: 'abcdefgh12', body: 'hi' });
    expect(post.status).toBe(404);
    const ghost = await stranger.api.get('/api/conversations/AAAAAAAAAAAAAAAAAAAAAA');
    expect(ghost.status).toBe(404);
  });

  it('lets a member add someone to a private room, and lets members leave', async () => {
    const { url } = await server();
    const owner = await signUp(url);
    const friend = await signUp(url);
    const room = (await owner.api.post('/api/rooms', { name: uniqueName('club'), visibility: 'private' })).body.conversation;
    expect((await owner.api.post(`/api/conversations/${room.id}/members`, { username: friend.user.username })).status).toBe(204);
    expect((await owner.api.post(`/api/conversations/${room.id}/members`, { username: friend.user.username })).body.error.code).toBe('already_member');
    expect((await friend.api.get(`/api/conversations/${room.id}`)).status).toBe(200);
    expect((await friend.api.post(`/api/conversations/${room.id}/leave`)).status).toBe(204);
    expect((await friend.api.get(`/api/conversations/${room.id}`)).status).toBe(404);
  });

  it('opens one direct conversation per pair, from either side', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    await befriend(a, b);
    const first = await a.api.post('/api/dms', { username: b.user.username });
    const again = await b.api.post('/api/dms', { username: a.user.username.toUpperCase() });
    expect(first.body.conversation.id).toBe(again.body.conversation.id);
    expect(first.body.conversation.peer.username).toBe(b.user.username);
    expect(again.body.conversation.peer.username).toBe(a.user.username);
    expect((await a.api.post('/api/dms', { username: a.user.username })).body.error.code).toBe('bad_request');
    expect((await a.api.post('/api/dms', { username: uniqueName('nobody') })).status).toBe(404);
    expect((await a.api.post(`/api/conversations/${first.body.conversation.id}/leave`)).body.error.code).toBe('bad_request');
  });

  it('describes a room by name with its members and who is online', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const info = await a.api.get('/api/rooms/general');
    expect(info.status).toBe(200);
    expect(info.body.conversation.name).toBe('general');
    expect(info.body.members.some((m: any) => m.user.id === a.user.id)).toBe(true);
    expect(typeof info.body.onlineCount).toBe('number');
  });

  it('serves an OpenAPI document covering every route', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const doc = (await a.api.get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/users/online', '/api/messages', '/api/rooms/{name}', '/api/conversations/{id}/messages/{messageId}/reactions/{emoji}', '/api/admin/settings']));
    expect(doc.paths['/api/conversations/{id}/messages'].get.parameters.map((p: any) => p.name)).toEqual(['id', 'limit', 'before', 'around']);
  });
});
