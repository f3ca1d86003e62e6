import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('replies, history around a message and mentions on $name', (dialect) => {
  const server = serverFor(dialect);
  const send = (who: { api: { post: (p: string, b: unknown) => Promise<{ status: number; body: any }> } }, conversationId: string, body: Record<string, unknown>) =>
    who.api.post(`/api/conversations/${conversationId}/messages`, { clientMsgId: `x-${nextId()}-${Math.random().toString(36).slice(2)}`, body: 'text', ...body });

  it('quotes a message of the same conversation, following its edits and deletion, and refuses others', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const watcher = (await Socket.connect2(url, owner.token)).socket;
    const original = await say(owner, room.id, 'first line\nsecond line');
    const reply = await say(b!, room.id, 'agreed', { replyTo: original.id });
    expect(reply.replyTo).toEqual({
      messageId: original.id, seq: original.seq, sender: { id: owner.user.id, username: owner.user.username },
      excerpt: 'first line', hasAttachments: false, deleted: false,
    });
    const live = await watcher.next((f) => f.type === 'message' && f.message.id === reply.id);
    expect(live).toMatchObject({ message: { replyTo: { messageId: original.id, excerpt: 'first line' } } });
    await owner.api.call('PATCH', `/api/conversations/${room.id}/messages/${original.id}`, { body: `${'長'.repeat(200)}` });
    let history = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect([...history.at(-1).replyTo.excerpt].length).toBe(120);
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${original.id}`);
    history = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(history.at(-1)).toMatchObject({ id: reply.id, body: 'agreed', replyTo: { messageId: original.id, excerpt: '', deleted: true } });
    // Replying to a deleted message still works: the quote says it is gone.
    expect((await send(b!, room.id, { replyTo: original.id })).body.message.replyTo.deleted).toBe(true);

    const other = await roomWith(url, 0);
    const foreign = await say(other.owner, other.room.id, 'elsewhere');
    const refused = await send(owner, room.id, { replyTo: foreign.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_reply');
    expect((await send(owner, room.id, { replyTo: 'no-such-message' })).body.error.code).toBe('invalid_reply');
    const before = (await owner.api.get(`/api/conversations/${room.id}`)).body.conversation.lastSeq;
    expect(before).toBe(3);
    watcher.close();
  });

  it('pages history around a sequence, both ways, for jumping to a quote', async () => {
    const { url } = await server();
    const { owner, room } = await roomWith(url, 0);
    for (let i = 1; i <= 30; i++) await say(owner, room.id, `m${i}`);
    const mid = (await owner.api.get(`/api/conversations/${room.id}/messages?around=15&limit=10`)).body;
    expect(mid.messages.map((m: { seq: number }) => m.seq)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(mid).toMatchObject({ hasMore: true, hasMoreAfter: true });
    const start = (await owner.api.get(`/api/conversations/${room.id}/messages?around=2&limit=10`)).body;
    expect(start.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(start).toMatchObject({ hasMore: false, hasMoreAfter: true });
    const end = (await owner.api.get(`/api/conversations/${room.id}/messages?around=30&limit=10`)).body;
    expect(end.messages.map((m: { seq: number }) => m.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(end).toMatchObject({ hasMore: true, hasMoreAfter: false });
    for (const q of ['around=0', 'around=-3', 'around=x', 'around=5&before=9']) {
      expect((await owner.api.get(`/api/conversations/${room.id}/messages?${q}`)).body.error.code, q).toBe('validation_failed');
    }
  });

  it('stores mentions by id, counts unread mentions per member apart from unread messages, and reads clear them', async () => {
    const { url } = await server();
    const { owner, members: [b, c], room } = await roomWith(url, 2);
    const sb = (await Socket.connect2(url, b!.token)).socket;
    const m = await say(owner, room.id, `hi @${b!.user.username}`, { mentions: [b!.user.id] });
    expect(m).toMatchObject({ mentions: [b!.user.id] });
    expect(m.mentionsRoom).toBeUndefined();
    await say(c!, room.id, 'plain');
    await say(b!, room.id, `me @${b!.user.username}`, { mentions: [b!.user.id] });
    const viewOf = async (who: typeof owner) => (await who.api.get(`/api/conversations/${room.id}`)).body.conversation;
    expect(await viewOf(b!)).toMatchObject({ unreadCount: 3 - 1, mentionCount: 1 });
    expect(await viewOf(c!)).toMatchObject({ mentionCount: 0 });
    const list = (await b!.api.get('/api/conversations')).body.conversations.find((x: { id: string }) => x.id === room.id);
    expect(list.mentionCount).toBe(1);
    // @room from the owner counts for everyone but the owner.
    await say(owner, room.id, '@room exam tomorrow', { mentionsRoom: true, mentions: [c!.user.id] });
    expect(await viewOf(b!)).toMatchObject({ mentionCount: 2 });
    expect(await viewOf(c!)).toMatchObject({ mentionCount: 1 });
    expect(await viewOf(owner)).toMatchObject({ mentionCount: 0 });
    sb.send({ type: 'read', conversationId: room.id, seq: m.seq });
    expect(await sb.next((f) => f.type === 'read')).toMatchObject({ readSeq: m.seq, mentionCount: 1 });
    await b!.api.post(`/api/conversations/${room.id}/read`, { seq: 100 });
    expect(await viewOf(b!)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    // A deleted mention no longer counts.
    const later = await say(owner, room.id, 'again', { mentions: [c!.user.id] });
    expect(await viewOf(c!)).toMatchObject({ mentionCount: 2 });
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${later.id}`);
    expect(await viewOf(c!)).toMatchObject({ mentionCount: 1 });
    sb.close();
  });

  it('refuses mentions of non-members and @room without the right, storing nothing', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const outsider = await signUp(url);
    const notMember = await send(owner, room.id, { mentions: [outsider.user.id] });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.code).toBe('mention_not_member');
    expect((await send(owner, room.id, { mentions: [b!.user.id, b!.user.id] })).body.error.code).toBe('validation_failed');
    expect((await send(owner, room.id, { mentions: Array.from({ length: 51 }, (_, i) => `u${i}`) })).body.error.code).toBe('validation_failed');
    const roomByMember = await send(b!, room.id, { mentionsRoom: true });
    expect(roomByMember.status).toBe(403);
    expect(roomByMember.body.error.code).toBe('room_mention_forbidden');
    // The socket refuses the same way, with the request id.
    const s = (await Socket.connect2(url, b!.token)).socket;
    const viaSocket = await s.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: `sock-${nextId()}-room`, body: '@all', mentionsRoom: true });
    expect(viaSocket).toMatchObject({ type: 'error', code: 'room_mention_forbidden' });
    const dmPeer = await signUp(url);
    const dm = await befriend(owner, dmPeer);
    expect((await send(owner, dm.id, { mentionsRoom: true })).body.error.code).toBe('room_mention_forbidden');
    expect((await owner.api.get(`/api/conversations/${room.id}`)).body.conversation.lastSeq).toBe(0);
    // Moderators may @room.
    await owner.api.call('PUT', `/api/conversations/${room.id}/members/${b!.user.id}/role`, { role: 'moderator' });
    expect((await send(b!, room.id, { mentionsRoom: true })).status).toBe(201);
    s.close();
  });
});
