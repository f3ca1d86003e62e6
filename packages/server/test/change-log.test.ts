import { describe, expect, it } from 'vitest';
import { nextId, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('the change log and protocol versions on $name', (dialect) => {
  const server = serverFor(dialect);

  it('announces a deletion as message_change to protocol 2 and as message_deleted to protocol 1, once each', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const v2 = (await Socket.connect2(url, b!.token)).socket;
    const v1 = (await Socket.connect(url, b!.token)).socket;
    const m = await say(owner, room.id, 'soon gone');
    expect((await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${m.id}`)).status).toBe(204);
    // Deleting again changes nothing: no second change, no gap.
    expect((await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${m.id}`)).status).toBe(204);
    const change = await v2.next((f) => f.type === 'message_change');
    expect(change).toMatchObject({ change: { kind: 'delete', conversationId: room.id, changeSeq: 1, messageId: m.id, seq: m.seq, actor: { id: owner.user.id } } });
    expect(await v1.next((f) => f.type === 'message_deleted')).toEqual({ type: 'message_deleted', conversationId: room.id, messageId: m.id, seq: m.seq });
    await say(owner, room.id, 'after');
    await Promise.all([v1, v2].map((s) => s.next((f) => f.type === 'message' && f.message.body === 'after')));
    expect(v2.frames.filter((f) => f.type === 'message_deleted')).toEqual([]);
    expect(v2.changes()).toHaveLength(1);
    expect(v1.frames.filter((f) => f.type === 'message_change')).toEqual([]);
    expect(v1.frames.filter((f) => f.type === 'message_deleted')).toHaveLength(1);
    const conv = (await b!.api.get(`/api/conversations/${room.id}`)).body.conversation;
    expect(conv).toMatchObject({ lastChangeSeq: 1, mentionCount: 0 });
    const history = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(history[0]).toMatchObject({ id: m.id, deleted: true, body: '', changeSeq: 1 });
    for (const s of [v1, v2]) s.close();
  });

  it('replays the deletions a protocol-2 socket missed by change cursor, and starts a conversation it does not list at its head', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const first = await Socket.connect2(url, b!.token);
    expect(first.welcome.changeHeads?.[room.id]).toBe(0);
    expect(first.welcome.changes).toEqual([]);
    const kept = await say(owner, room.id, 'kept');
    const gone = await say(owner, room.id, 'gone');
    await first.socket.next((f) => f.type === 'message' && f.message.id === gone.id);
    first.socket.terminate();
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${gone.id}`);

    const back = await Socket.connect2(url, b!.token, { [room.id]: gone.seq }, { [room.id]: 0 });
    expect(back.welcome).toMatchObject({ missed: [], resync: [], deleted: [], changeHeads: { [room.id]: 1 } });
    expect(back.welcome.changes).toMatchObject([{ kind: 'delete', messageId: gone.id, changeSeq: 1 }]);
    const fresh = await Socket.connect2(url, b!.token, { [room.id]: gone.seq });
    expect(fresh.welcome.changes).toEqual([]);
    // The fresh socket starts at head 1: the next deletion (change 2) reaches it live, once.
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${kept.id}`);
    await fresh.socket.next((f) => f.type === 'message_change' && f.change.changeSeq === 2);
    expect(fresh.socket.changes().map((c) => c.changeSeq)).toEqual([2]);
    for (const s of [back.socket, fresh.socket]) s.close();
  });

  it('refuses a protocol it does not speak and change cursors of conversations you are not in', async () => {
    const { url } = await server();
    const { owner, room } = await roomWith(url, 0);
    const outsider = (await roomWith(url, 0)).owner;
    const s = await Socket.open(url, outsider.token);
    expect(await s.request({ type: 'hello', id: nextId(), protocol: 3 })).toMatchObject({ type: 'error', code: 'validation_failed' });
    const m = await say(owner, room.id, 'private words');
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${m.id}`);
    const probe = await s.request({ type: 'hello', id: nextId(), protocol: 2, changeCursors: { [room.id]: 0 } });
    expect(probe).toMatchObject({ type: 'welcome', changes: [], resync: [{ conversationId: room.id, reason: 'unknown' }] });
    expect((probe as { changeHeads: Record<string, number> }).changeHeads[room.id]).toBeUndefined();
    s.close();
  });
});
