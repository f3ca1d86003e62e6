import { describe, expect, it } from 'vitest';
import { Socket, signUp } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';

const dialects = await dialectsUnderTest();

describe.each(dialects)('read positions and unread counts on $name', (dialect) => {
  const server = serverFor(dialect);

  async function friendsWithDm() {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    let n = 0;
    const say = (who: typeof a, body: string) =>
      who.api.post(`/api/conversations/${dm.id}/messages`, { clientMsgId: `reads-${who.user.id.slice(0, 6)}-${++n}`, body });
    const conversation = async (who: typeof a) => (await who.api.get(`/api/conversations/${dm.id}`)).body.conversation;
    return { url, a, b, dm, say, conversation };
  }

  it('counts what was said before I joined a room as read', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: `hist_${a.user.id.slice(0, 8)}` })).body.conversation;
    for (let i = 1; i <= 3; i++) await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `hist-${a.user.id.slice(0, 6)}-${i}`, body: `old ${i}` });
    const b = await signUp(url);
    const joined = (await b.api.post(`/api/rooms/${room.name}/join`)).body.conversation;
    expect(joined).toMatchObject({ lastSeq: 3, readSeq: 3, unreadCount: 0 });
    await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `hist-${a.user.id.slice(0, 6)}-4`, body: 'new' });
    expect((await b.api.get(`/api/conversations/${room.id}`)).body.conversation).toMatchObject({ readSeq: 3, unreadCount: 1 });
  });

  it('counts messages from others after my read position, exactly, while I was away', async () => {
    const { a, b, say, conversation } = await friendsWithDm();
    await say(a, 'one');
    await say(b, 'mine do not count');
    await say(a, 'two');
    await say(a, 'three');
    expect(await conversation(b)).toMatchObject({ readSeq: 0, unreadCount: 3, lastSeq: 4 });
    expect(await conversation(a)).toMatchObject({ readSeq: 0, unreadCount: 1 });
    const listed = (await b.api.get('/api/conversations')).body.conversations.find((c: any) => c.kind === 'dm');
    expect(listed.unreadCount).toBe(3);

    expect((await b.api.post(`/api/conversations/${listed.id}/read`, { seq: 2 })).status).toBe(204);
    expect(await conversation(b)).toMatchObject({ readSeq: 2, unreadCount: 2 });
    // Never backwards, never past the newest message.
    await b.api.post(`/api/conversations/${listed.id}/read`, { seq: 1 });
    expect((await conversation(b)).readSeq).toBe(2);
    await b.api.post(`/api/conversations/${listed.id}/read`, { seq: 999 });
    expect(await conversation(b)).toMatchObject({ readSeq: 4, unreadCount: 0 });
    const bad = await b.api.post(`/api/conversations/${listed.id}/read`, { seq: -1 });
    expect(bad.body.error.code).toBe('validation_failed');
    const stranger = await signUp((await server()).url);
    expect((await stranger.api.post(`/api/conversations/${listed.id}/read`, { seq: 1 })).status).toBe(404);
  });

  it('syncs my read position to my other devices and sends the peer a read receipt', async () => {
    const { url, a, b, dm, say, conversation } = await friendsWithDm();
    await say(a, 'hello');
    await say(a, 'anyone?');
    const phone = (await Socket.connect(url, b.token)).socket;
    const laptop = (await Socket.connect(url, b.token)).socket;
    const sa = (await Socket.connect(url, a.token)).socket;
    laptop.send({ type: 'read', conversationId: dm.id, seq: 2 });
    expect(await phone.next((f) => f.type === 'read')).toEqual({ type: 'read', conversationId: dm.id, readSeq: 2, unreadCount: 0, mentionCount: 0 });
    await laptop.next((f) => f.type === 'read');
    expect(await sa.next((f) => f.type === 'read_receipt')).toEqual({ type: 'read_receipt', conversationId: dm.id, userId: b.user.id, seq: 2 });
    expect((await conversation(a)).peerReadSeq).toBe(2);

    // With receipts off, my position still syncs to me but the peer learns nothing.
    expect((await b.api.call('PATCH', '/api/settings', { sendReadReceipts: false })).body.settings.sendReadReceipts).toBe(false);
    expect((await conversation(a)).peerReadSeq).toBeNull();
    await say(a, 'third');
    laptop.send({ type: 'read', conversationId: dm.id, seq: 3 });
    await phone.next((f) => f.type === 'read' && f.readSeq === 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(sa.frames.filter((f) => f.type === 'read_receipt')).toHaveLength(1);
    for (const s of [phone, laptop, sa]) s.close();
  });

  it('gives every new conversation a read position of 0 and rooms no peer receipts', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const general = (await a.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    expect(general).toMatchObject({ readSeq: 0, peerReadSeq: null });
    expect(general.unreadCount).toBe(general.lastSeq);
  });
});

describe.each(dialects)('typing on $name', (dialect) => {
  const server = serverFor(dialect);

  it('relays typing to the other members only, at most once every 3 s per user and conversation', async () => {
    const { url, app } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const dm = await befriend(a, b);
    const sa = (await Socket.connect(url, a.token)).socket;
    const sb = (await Socket.connect(url, b.token)).socket;
    const sa2 = (await Socket.connect(url, a.token)).socket;
    sa.send({ type: 'typing', conversationId: dm.id });
    const typing = await sb.next((f) => f.type === 'typing');
    expect(typing).toEqual({ type: 'typing', conversationId: dm.id, user: { id: a.user.id, username: a.user.username } });
    sa.send({ type: 'typing', conversationId: dm.id });
    sa2.send({ type: 'typing', conversationId: dm.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(sb.frames.filter((f) => f.type === 'typing')).toHaveLength(1);
    expect([...sa.frames, ...sa2.frames].filter((f) => f.type === 'typing' || f.type === 'error')).toEqual([]);
    const realNow = app.ctx.now;
    app.ctx.now = () => realNow() + 3100;
    try {
      sa2.send({ type: 'typing', conversationId: dm.id });
      await sb.next((f) => f.type === 'typing' && sb.frames.filter((x) => x.type === 'typing').length === 2);
    } finally {
      app.ctx.now = realNow;
    }

    const err = await sa.request({ type: 'typing', id: 'typing-elsewhere', conversationId: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(err).toMatchObject({ type: 'error', code: 'not_found' });
    const bad = await sa.request({ type: 'typing', id: 'typing-bad' });
    expect(bad).toMatchObject({ type: 'error', code: 'validation_failed' });
    for (const s of [sa, sb, sa2]) s.close();
  });
});
