import { describe, expect, it } from 'vitest';
import { Api, nextId, signUp, Socket, uniqueName } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';
import { browserCall, browserSignUp } from './browser';

const dialects = await dialectsUnderTest();
const BOSS = uniqueName('boss');

describe.each(dialects)('administration on $name', (dialect) => {
  const server = serverFor(dialect, { ADMIN_USERNAMES: `nobody_here, ${BOSS.toUpperCase()}` });
  let first: Promise<Awaited<ReturnType<typeof signUp>>> | undefined;
  /** The first account of the server: an administrator. */
  const founder = async () => (first ??= server().then(({ url }) => signUp(url)));

  it('makes the first account and ADMIN_USERNAMES administrators, nobody else', async () => {
    const { url } = await server();
    const admin = await founder();
    expect((await admin.api.get('/api/me')).body.user.isAdmin).toBe(true);
    const boss = await signUp(url, BOSS);
    expect((await boss.api.get('/api/me')).body.user.isAdmin).toBe(true);
    const plain = await signUp(url);
    expect((await plain.api.get('/api/me')).body.user.isAdmin).toBe(false);
  });

  it('refuses every admin route to everyone else', async () => {
    const { url } = await server();
    await founder();
    const plain = await signUp(url);
    const victim = await signUp(url);
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['PUT', `/api/admin/users/${victim.user.id}/ban`, { reason: 'x' }],
      ['DELETE', `/api/admin/users/${victim.user.id}/ban`],
      ['DELETE', `/api/admin/messages/${victim.user.id}`],
      ['GET', '/api/admin/audit'],
    ];
    for (const [method, path, body] of calls) {
      const res = await plain.api.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await new Api(url).call(method, path, body)).status).toBe(401);
    }
  });

  it('bans: sockets close within a second, the token dies, login is refused with account_banned; unban restores login', async () => {
    const { url } = await server();
    const admin = await founder();
    const bad = await signUp(url);
    const { socket } = await Socket.connect(url, bad.token);
    const started = Date.now();
    const ban = await admin.api.call('PUT', `/api/admin/users/${bad.user.id}/ban`, { reason: 'spam <b>links</b>' });
    expect(ban.status).toBe(200);
    expect(ban.body.user.bannedAt).toEqual(expect.any(Number));
    const closed = await socket.closed;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(closed.code).toBe(4011);
    expect(socket.frames.some((f) => f.type === 'goodbye' && f.reason === 'banned')).toBe(true);
    expect((await bad.api.get('/api/me')).status).toBe(401);
    const login = await new Api(url).post('/api/auth/login', { username: bad.user.username, password: bad.password });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('account_banned');
    // A wrong password still says only "wrong username or password".
    expect((await new Api(url).post('/api/auth/login', { username: bad.user.username, password: 'not the password' })).body.error.code).toBe('invalid_credentials');

    const listed = await admin.api.get(`/api/admin/users?q=${bad.user.username}`);
    expect(listed.body.users.map((u: any) => [u.id, u.bannedAt !== null])).toEqual([[bad.user.id, true]]);

    expect((await admin.api.call('DELETE', `/api/admin/users/${bad.user.id}/ban`)).body.user.bannedAt).toBeNull();
    expect((await new Api(url).post('/api/auth/login', { username: bad.user.username, password: bad.password })).status).toBe(200);

    const audit = await admin.api.get('/api/admin/audit');
    const mine = audit.body.entries.filter((e: any) => e.targetUser?.id === bad.user.id);
    expect(mine.map((e: any) => e.action)).toEqual(['unban', 'ban']);
    expect(mine[1]).toMatchObject({ actor: { id: admin.user.id }, detail: 'spam <b>links</b>' });
  });

  it('does not let an administrator ban themselves or another administrator', async () => {
    const { url } = await server();
    const admin = await founder();
    expect((await admin.api.call('PUT', `/api/admin/users/${admin.user.id}/ban`, {})).body.error.code).toBe('cannot_target_self');
    const boss = (await new Api(url).post('/api/auth/login', { username: BOSS, password: 'correct horse 1' })).body;
    expect((await admin.api.call('PUT', `/api/admin/users/${boss.user.id}/ban`, {})).status).toBe(403);
    expect((await admin.api.call('PUT', `/api/admin/users/${'x'.repeat(22)}/ban`, {})).status).toBe(404);
  });

  it('deletes any message, announces it to the conversation and audits it', async () => {
    const { url } = await server();
    const admin = await founder();
    const author = await signUp(url);
    const reader = await signUp(url);
    const room = (await author.api.post('/api/rooms', { name: uniqueName('mod'), visibility: 'public' })).body.conversation;
    await reader.api.post(`/api/rooms/${room.name}/join`);
    const { socket } = await Socket.connect(url, reader.token, { [room.id]: 0 });
    const sent = (await author.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `c${nextId()}xxxxxxx`, body: 'buy cheap pills' })).body.message;
    await socket.next((f) => f.type === 'message' && f.message.id === sent.id);
    // The admin is not in the room and still may delete; the reader may not.
    expect((await reader.api.call('DELETE', `/api/admin/messages/${sent.id}`)).status).toBe(403);
    expect((await admin.api.call('DELETE', `/api/admin/messages/${sent.id}`)).status).toBe(204);
    const event = await socket.next((f) => f.type === 'message_deleted');
    expect(event).toMatchObject({ conversationId: room.id, messageId: sent.id, seq: sent.seq });
    const history = await reader.api.get(`/api/conversations/${room.id}/messages`);
    expect(history.body.messages.find((m: any) => m.id === sent.id).body).toBe('');
    expect((await admin.api.call('DELETE', `/api/admin/messages/${sent.id}`)).status).toBe(204);
    const audit = (await admin.api.get('/api/admin/audit?limit=200')).body.entries.filter((e: any) => e.targetId === sent.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'delete_message', targetUser: { id: author.user.id }, detail: room.id });
    socket.close();
  });

  it('pages the audit log and needs the CSRF token from a browser like every change', async () => {
    const { url } = await server();
    const admin = await founder();
    const targets = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    for (const t of targets) await admin.api.call('PUT', `/api/admin/users/${t.user.id}/ban`, {});
    const first = await admin.api.get('/api/admin/audit?limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const next = await admin.api.get(`/api/admin/audit?limit=2&before=${first.body.entries[1].id}`);
    expect(next.body.entries[0].id).not.toBe(first.body.entries[1].id);
    expect(next.body.entries[0].createdAt).toBeLessThanOrEqual(first.body.entries[1].createdAt);

    const browserUser = await browserSignUp(url);
    const target = await signUp(url);
    // Not an admin: the CSRF check passes, the role check does not.
    expect((await browserCall(url, browserUser, 'PUT', `/api/admin/users/${target.user.id}/ban`, {})).status).toBe(403);
  });
});
