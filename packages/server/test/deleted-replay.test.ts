import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

/**
 * A socket that was away while a message it already holds was deleted missed that event: its next
 * welcome lists the deletion when the hello says since when (the previous welcome's serverTime).
 */
describe.each(dialects)('deletions replayed at resume on $name', (dialect) => {
  const server = serverFor(dialect);

  it('lists what was deleted while away, only to members, only when asked', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const outsider = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('del') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    const sa = (await Socket.connect(url, a.token)).socket;
    const first = await Socket.connect(url, b.token);
    for (const body of ['keep', 'take back']) {
      await sa.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: `del-${body.replace(' ', '-')}-${nextId()}`, body });
    }
    await first.socket.next((f) => f.type === 'message' && f.message.body === 'take back');
    const held = first.socket.messages(room.id);
    const gone = held.find((m) => m.body === 'take back')!;
    const cursors = { [room.id]: held.at(-1)!.seq };
    const since = first.welcome.serverTime;
    first.socket.terminate();

    const removed = await a.api.call('DELETE', `/api/conversations/${room.id}/messages/${gone.id}`);
    expect(removed.status).toBe(204);

    const back = await Socket.connect(url, b.token);
    const welcome = await back.socket.request({ type: 'hello', id: nextId(), cursors, deletedSince: since });
    expect(welcome).toMatchObject({ type: 'welcome', missed: [], resync: [], deleted: [{ conversationId: room.id, messageId: gone.id, seq: gone.seq }] });

    const unasked = await back.socket.request({ type: 'hello', id: nextId(), cursors });
    expect(unasked).toMatchObject({ type: 'welcome', deleted: [] });
    const later = await back.socket.request({ type: 'hello', id: nextId(), cursors, deletedSince: Date.now() + 10 * 60_000 });
    expect(later).toMatchObject({ type: 'welcome', deleted: [] });

    const stranger = await Socket.connect(url, outsider.token);
    const probe = await stranger.socket.request({ type: 'hello', id: nextId(), cursors, deletedSince: since });
    expect(probe).toMatchObject({ type: 'welcome', deleted: [], resync: [{ conversationId: room.id, reason: 'unknown' }] });

    for (const s of [sa, back.socket, stranger.socket]) s.close();
  });
});
