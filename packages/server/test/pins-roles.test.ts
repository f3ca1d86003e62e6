import { describe, expect, it } from 'vitest';
import { signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('pins and moderators on $name', (dialect) => {
  const server = serverFor(dialect);
  const pinPath = (room: { id: string }, m: { id: string }) => `/api/conversations/${room.id}/messages/${m.id}/pin`;

  it('lets the owner name moderators, who then pin; members may not; the pinned list follows', async () => {
    const { url } = await server();
    const { owner, members: [mod, plain], room } = await roomWith(url, 2);
    const watcher = (await Socket.connect2(url, plain!.token)).socket;
    const modSocket = (await Socket.connect2(url, mod!.token)).socket;
    const a = await say(plain!, room.id, 'exam on friday');
    const b = await say(plain!, room.id, 'bring pencils');

    expect((await mod!.api.call('PUT', pinPath(room, a))).body.error.code).toBe('forbidden');
    expect((await plain!.api.call('PUT', `/api/conversations/${room.id}/members/${mod!.user.id}/role`, { role: 'moderator' })).body.error.code).toBe('forbidden');
    expect((await owner.api.call('PUT', `/api/conversations/${room.id}/members/${mod!.user.id}/role`, { role: 'owner' })).body.error.code).toBe('validation_failed');
    expect((await owner.api.call('PUT', `/api/conversations/${room.id}/members/${owner.user.id}/role`, { role: 'member' })).body.error.code).toBe('cannot_target_self');
    const stranger = await signUp(url);
    expect((await owner.api.call('PUT', `/api/conversations/${room.id}/members/${stranger.user.id}/role`, { role: 'moderator' })).status).toBe(404);
    expect((await owner.api.call('PUT', `/api/conversations/${room.id}/members/${mod!.user.id}/role`, { role: 'moderator' })).status).toBe(204);
    const updated = await modSocket.next((f) => f.type === 'conversation' && f.conversation.id === room.id);
    expect(updated).toMatchObject({ conversation: { myRole: 'moderator' } });
    const info = (await plain!.api.get(`/api/rooms/${room.name}`)).body;
    expect(info.members.find((m: { user: { id: string } }) => m.user.id === mod!.user.id).role).toBe('moderator');

    const pinned = await mod!.api.call('PUT', pinPath(room, a));
    expect(pinned.status).toBe(200);
    expect(pinned.body.message.pinned).toMatchObject({ by: { id: mod!.user.id, username: mod!.user.username } });
    expect((await mod!.api.call('PUT', pinPath(room, a))).status).toBe(200);
    await owner.api.call('PUT', pinPath(room, b));
    expect((await plain!.api.call('DELETE', pinPath(room, b))).body.error.code).toBe('forbidden');
    let list = (await plain!.api.get(`/api/conversations/${room.id}/pins`)).body.messages;
    expect(list.map((m: { id: string }) => m.id)).toEqual([b.id, a.id]);
    await owner.api.call('DELETE', pinPath(room, a));
    list = (await plain!.api.get(`/api/conversations/${room.id}/pins`)).body.messages;
    expect(list.map((m: { id: string }) => m.id)).toEqual([b.id]);
    await watcher.next((f) => f.type === 'message_change' && f.change.changeSeq === 3);
    expect(watcher.changes().map((c) => [c.kind, c.messageId])).toEqual([['pin', a.id], ['pin', b.id], ['unpin', a.id]]);
    // Deleting a pinned message unpins it.
    await plain!.api.call('DELETE', `/api/conversations/${room.id}/messages/${b.id}`);
    expect((await plain!.api.get(`/api/conversations/${room.id}/pins`)).body.messages).toEqual([]);
    expect((await owner.api.call('PUT', pinPath(room, b))).body.error.code).toBe('message_deleted');
    expect((await stranger.api.get(`/api/conversations/${room.id}/pins`)).status).toBe(404);
    expect((await stranger.api.call('PUT', pinPath(room, a))).status).toBe(404);

    await owner.api.call('PUT', `/api/conversations/${room.id}/members/${mod!.user.id}/role`, { role: 'member' });
    expect((await mod!.api.call('PUT', pinPath(room, a))).body.error.code).toBe('forbidden');
    for (const s of [watcher, modSocket]) s.close();
  });

  it('lets either person of a direct conversation pin; roles do not apply there', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    const m = await say(a, dm.id, 'our plan');
    expect((await b.api.call('PUT', pinPath(dm, m))).status).toBe(200);
    expect((await a.api.call('DELETE', pinPath(dm, m))).status).toBe(200);
    expect((await a.api.call('PUT', `/api/conversations/${dm.id}/members/${b.user.id}/role`, { role: 'moderator' })).status).toBe(400);
  });
});
