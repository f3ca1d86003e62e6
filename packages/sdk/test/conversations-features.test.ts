import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions, mentionCandidates, type MessageChange, NatterError } from '../src/index';
import { newUser, startTestServer, type TestServer, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Alice owns a room Bob joined; both clients are online with the room's latest page loaded. */
async function roomOfTwo() {
  const alice = await newUser(server.url, 'alice');
  const bob = await newUser(server.url, 'bob');
  const room = await alice.client.createRoom({ name: `feat${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}` });
  await bob.client.joinRoom(room.name!);
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  await Promise.all([alice.client.getMessages(room.id), bob.client.getMessages(room.id)]);
  const held = (who: typeof alice, id: string) => who.client.store.getSnapshot().messages[room.id]?.find((m) => m.id === id);
  const conv = (who: typeof alice) => who.client.store.getSnapshot().conversations.find((c) => c.id === room.id)!;
  return { alice, bob, room, held, conv };
}

describe('edits, replies, reactions, pins and mentions between two live clients', () => {
  it('shows an edit, a reply quote, a reaction and a pin on the other client live', async () => {
    const { alice, bob, room, held } = await roomOfTwo();
    const changes: MessageChange[] = [];
    bob.client.on('message_change', ({ change }) => changes.push(change));
    const m = await alice.client.sendMessage(room.id, 'exam on thursday');
    await waitFor(() => held(bob, m.id) !== undefined, 'bob to get the message');

    const reply = await bob.client.sendMessage(room.id, 'which room?', { replyTo: m.id });
    expect(reply.replyTo).toMatchObject({ messageId: m.id, excerpt: 'exam on thursday' });
    await alice.client.editMessage(room.id, m.id, 'exam on friday');
    await waitFor(() => held(bob, m.id)?.body === 'exam on friday', 'bob to see the edit');
    expect(held(bob, m.id)?.editedAt).toBeGreaterThan(0);
    // The quote in Bob's reply follows the edit.
    expect(held(bob, reply.id)?.replyTo?.excerpt).toBe('exam on friday');

    await bob.client.toggleReaction(room.id, m.id, '👍');
    await waitFor(() => held(alice, m.id)?.reactions?.[0]?.count === 1, 'alice to see the reaction');
    await waitFor(() => held(bob, m.id)?.reactions?.[0]?.userIds.includes(bob.client.user!.id) === true, 'bob store');
    // Toggling again removes it, on both sides.
    await bob.client.toggleReaction(room.id, m.id, '👍');
    await waitFor(() => held(alice, m.id)?.reactions === undefined, 'alice to see it go');
    await expect(bob.client.react(room.id, m.id, 'nope')).rejects.toMatchObject({ code: 'invalid_emoji' });

    await alice.client.pin(room.id, m.id);
    await waitFor(() => held(bob, m.id)?.pinned?.by.id === alice.client.user!.id, 'bob to see the pin');
    expect((await bob.client.listPins(room.id)).map((p) => p.id)).toEqual([m.id]);
    await expect(bob.client.pin(room.id, reply.id)).rejects.toBeInstanceOf(NatterError);
    await alice.client.setMemberRole(room.id, bob.client.user!.id, 'moderator');
    await bob.client.pin(room.id, reply.id);

    await alice.client.deleteMessage(room.id, m.id);
    await waitFor(() => held(bob, m.id)?.deleted === true, 'bob to see the deletion');
    expect(held(bob, reply.id)?.replyTo?.deleted).toBe(true);
    expect(held(bob, m.id)?.pinned).toBeUndefined();
    expect(changes.map((c) => c.changeSeq)).toEqual(changes.map((_, i) => i + 1));
    expect(changes.map((c) => c.kind)).toEqual(['edit', 'react', 'unreact', 'pin', 'pin', 'delete']);
    for (const u of [alice, bob]) u.client.disconnect();
  });

  it('counts mentions of me apart from unread messages, and a read clears them', async () => {
    const { alice, bob, room, conv } = await roomOfTwo();
    const members = [{ id: bob.client.user!.id, username: bob.username }, { id: alice.client.user!.id, username: alice.username }];
    expect(mentionCandidates(bob.username.slice(0, 3), members).map((m) => m.id)).toContain(bob.client.user!.id);
    const text = `hey @${bob.username}, and @nobody. @所有人`;
    expect(extractMentions(text, members)).toEqual({ mentions: [bob.client.user!.id], mentionsRoom: true });
    await alice.client.sendMessage(room.id, 'plain');
    await alice.client.sendMessage(room.id, text, extractMentions(text, members));
    await waitFor(() => conv(bob).mentionCount === 1 && conv(bob).unreadCount === 2, 'bob to count one mention');
    const fresh = await bob.client.getConversation(room.id);
    expect(fresh).toMatchObject({ mentionCount: 1, unreadCount: 2 });
    await expect(bob.client.sendMessage(room.id, '@room', { mentionsRoom: true })).rejects.toMatchObject({ code: 'room_mention_forbidden' });
    await bob.client.markRead(room.id);
    await waitFor(() => conv(bob).mentionCount === 0, 'the read to clear it');
    for (const u of [alice, bob]) u.client.disconnect();
  });

  it('resumes after being away with exactly the changes missed, applied in order', async () => {
    const { alice, bob, room, held } = await roomOfTwo();
    const m = await alice.client.sendMessage(room.id, 'v1');
    await waitFor(() => held(bob, m.id) !== undefined, 'bob to get it');
    const seen: number[] = [];
    bob.client.on('message_change', ({ change }) => seen.push(change.changeSeq));
    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status !== 'online', 'bob offline');
    await alice.client.editMessage(room.id, m.id, 'v2');
    await alice.client.editMessage(room.id, m.id, 'v3');
    await alice.client.react(room.id, m.id, '🎉');
    await alice.client.pin(room.id, m.id);
    const gone = await alice.client.sendMessage(room.id, 'short-lived');
    await alice.client.deleteMessage(room.id, gone.id);
    bob.ctl.offline = false;
    await waitFor(() => bob.client.status === 'online' && seen.length === 5, 'bob to resume with five changes', 15_000);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(held(bob, m.id)).toMatchObject({ body: 'v3', reactions: [{ emoji: '🎉', count: 1 }], pinned: { by: { id: alice.client.user!.id } } });
    expect(held(bob, gone.id)).toMatchObject({ deleted: true, body: '' });
    expect(bob.client.changeCursor(room.id)).toBe(5);
    for (const u of [alice, bob]) u.client.disconnect();
  });

  it('forwards a message into another conversation, naming its origin', async () => {
    const { alice, bob, room } = await roomOfTwo();
    const m = await bob.client.sendMessage(room.id, 'worth sharing');
    const dm = await alice.client.openDm(bob.username);
    const fwd = await alice.client.forwardMessage(dm.id, m.id);
    expect(fwd).toMatchObject({ conversationId: dm.id, body: 'worth sharing', forwardedFrom: { kind: 'room', conversationName: room.name } });
    const around = await alice.client.getMessagesAround(room.id, m.seq);
    expect(around.messages.map((x) => x.id)).toContain(m.id);
    for (const u of [alice, bob]) u.client.disconnect();
  });
});
