import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatterClient, NatterError } from '../src/index';
import { socketControl, startTestServer, type TestServer, uniqueName, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const PASSWORD = 'correct horse battery';

/** A fresh account with the default settings (only friends may message it directly), connected. */
async function person(prefix: string) {
  const { ctl, WebSocket } = socketControl();
  const client = new NatterClient({ baseUrl: server.url, WebSocket, reconnect: { minDelayMs: 50, maxDelayMs: 300 } });
  const username = uniqueName(prefix);
  const me = await client.register(username, PASSWORD);
  await client.listConversations();
  await client.connect();
  await client.social.load();
  return { client, ctl, username, id: me.id };
}

type Person = Awaited<ReturnType<typeof person>>;

async function befriend(a: Person, b: Person) {
  const { request } = (await a.client.social.sendFriendRequest(b.username)) as { request: { id: string } };
  await waitFor(() => b.client.social.contacts.getSnapshot().incoming.some((r) => r.id === request.id), 'the request to arrive');
  const { conversation } = await b.client.social.acceptFriendRequest(request.id);
  await waitFor(() => a.client.store.hasConversation(conversation.id), 'the direct conversation on the sender side');
  return conversation;
}

const friendsOf = (p: Person) => p.client.social.contacts.getSnapshot().friends.map((c) => c.user.id);
const conversationOf = (p: Person, id: string) => p.client.store.getSnapshot().conversations.find((c) => c.id === id);

describe('friends between live clients', () => {
  it('request → live notice → accept → direct conversation → chat', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    await expect(alice.client.openDm(bob.username)).rejects.toMatchObject({ code: 'not_accepting' });
    const found = await alice.client.social.searchUsers(bob.username.slice(0, -1).toUpperCase());
    expect(found.find((u) => u.user.id === bob.id)?.relation).toBe('none');

    const sent = await alice.client.social.sendFriendRequest(bob.username, 'we met at the meetup');
    expect(alice.client.social.contacts.getSnapshot().outgoing).toHaveLength(1);
    await waitFor(() => bob.client.social.contacts.getSnapshot().incoming.length === 1, 'bob to see the request');
    const incoming = bob.client.social.contacts.getSnapshot().incoming[0]!;
    expect(incoming).toMatchObject({ id: 'request' in sent ? sent.request.id : '', message: 'we met at the meetup', from: { id: alice.id } });

    const { friend, conversation } = await bob.client.social.acceptFriendRequest(incoming.id);
    expect(friend).toMatchObject({ user: { id: alice.id }, online: true });
    await waitFor(() => friendsOf(alice).includes(bob.id), 'alice to see bob as a friend');
    expect(alice.client.social.contacts.getSnapshot().outgoing).toEqual([]);
    expect(bob.client.social.contacts.getSnapshot().incoming).toEqual([]);
    await waitFor(() => alice.client.store.hasConversation(conversation.id), 'alice to get the direct conversation');

    const hello = await alice.client.sendMessage(conversation.id, 'hi bob!');
    await waitFor(() => conversationOf(bob, conversation.id)?.lastMessage?.id === hello.id, 'bob to receive it');
    expect(conversationOf(bob, conversation.id)?.unreadCount).toBe(1);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('blocking: the blocked friend disappears live, cannot write, and their typing reaches only others', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const carol = await person('carol');
    const dm = await befriend(alice, bob);
    const general = alice.client.store.getSnapshot().conversations.find((c) => c.name === 'general')!;

    await alice.client.social.block({ id: bob.id, username: bob.username });
    expect(alice.client.social.contacts.getSnapshot().blocked.map((u) => u.id)).toEqual([bob.id]);
    await waitFor(() => !friendsOf(bob).includes(alice.id), 'bob to lose alice from his contacts');
    const refused = await bob.client.sendMessage(dm.id, 'why?').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NatterError);
    expect((refused as NatterError).code).toBe('not_accepting');
    expect(bob.client.store.getSnapshot().pending[dm.id]?.[0]?.state).toBe('failed');

    bob.client.sendTyping(general.id);
    await waitFor(() => (carol.client.typing.getSnapshot()[general.id] ?? []).some((u) => u.id === bob.id), 'carol to see bob typing');
    await new Promise((r) => setTimeout(r, 200));
    expect(alice.client.typing.getSnapshot()[general.id] ?? []).toEqual([]);
    // A message from the typer clears their indicator at once.
    await bob.client.sendMessage(general.id, 'done typing');
    await waitFor(() => (carol.client.typing.getSnapshot()[general.id] ?? []).length === 0, 'the indicator to clear');

    await alice.client.social.unblock(bob.id);
    expect(alice.client.social.contacts.getSnapshot().blocked).toEqual([]);
    for (const p of [alice, bob, carol]) p.client.disconnect();
  });

  it('shows a friend offline within 30 s after their socket vanished without a close frame', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    await befriend(alice, bob);
    await waitFor(() => alice.client.social.contacts.getSnapshot().friends[0]?.online === true, 'bob online');
    const started = Date.now();
    // Stop reading bob's TCP connection: the server's pings go unanswered, no close frame is sent.
    const tcp = (bob.ctl.current as unknown as { _socket: NetSocket })._socket;
    tcp.pause();
    tcp.removeAllListeners('data');
    await waitFor(() => alice.client.social.contacts.getSnapshot().friends[0]?.online === false, 'bob offline', 30_000);
    const contact = alice.client.social.contacts.getSnapshot().friends[0]!;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(contact.lastSeenAt).toBeGreaterThanOrEqual(started - 1000);
    alice.client.disconnect();
    bob.ctl.current?.terminate();
    bob.client.disconnect();
  }, 40_000);

  it('counts unread messages exactly after an offline period and syncs reads across devices', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const dm = await befriend(alice, bob);
    bob.client.disconnect();
    for (const text of ['one', 'two', 'three']) await alice.client.sendMessage(dm.id, text);

    await bob.client.connect();
    await waitFor(() => conversationOf(bob, dm.id)?.unreadCount === 3, 'bob to count three unread after reconnecting');
    const { ctl: laptopCtl, WebSocket: LaptopSocket } = socketControl();
    const laptop = new NatterClient({ baseUrl: server.url, WebSocket: LaptopSocket, reconnect: { minDelayMs: 50, maxDelayMs: 300 } });
    await laptop.login(bob.username, PASSWORD);
    await laptop.listConversations();
    await laptop.connect();
    expect(conversationOf({ client: laptop } as Person, dm.id)?.unreadCount).toBe(3);

    await bob.client.markRead(dm.id);
    expect(conversationOf(bob, dm.id)).toMatchObject({ unreadCount: 0, readSeq: 3 });
    await waitFor(() => conversationOf({ client: laptop } as Person, dm.id)?.unreadCount === 0, 'the laptop to follow');
    await waitFor(() => conversationOf(alice, dm.id)?.peerReadSeq === 3, 'alice to see the read receipt');

    // The laptop drops off; the phone reads a new message meanwhile; back online the laptop agrees.
    await alice.client.sendMessage(dm.id, 'four');
    await waitFor(() => conversationOf({ client: laptop } as Person, dm.id)?.unreadCount === 1, 'the laptop to count it');
    laptopCtl.offline = true;
    laptopCtl.kill();
    await waitFor(() => laptop.status === 'reconnecting', 'the laptop offline');
    await waitFor(() => conversationOf(bob, dm.id)?.lastSeq === 4, 'the phone to get it');
    await bob.client.markRead(dm.id);
    await alice.client.sendMessage(dm.id, 'five');
    laptopCtl.offline = false;
    await waitFor(() => laptop.status === 'online', 'the laptop back');
    await waitFor(() => conversationOf({ client: laptop } as Person, dm.id)?.unreadCount === 1 && conversationOf({ client: laptop } as Person, dm.id)?.readSeq === 4, 'the laptop to take the read made elsewhere');
    for (const c of [alice.client, bob.client, laptop]) c.disconnect();
  });

  it('deleting an account removes it from the friend’s contacts live, keeping the conversation as a deleted user', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const dm = await befriend(alice, bob);
    await alice.client.getMessages(dm.id);
    const bye = await bob.client.sendMessage(dm.id, 'bye for now');
    await waitFor(() => alice.client.store.getSnapshot().messages[dm.id]?.at(-1)?.id === bye.id, 'alice to hold the message');
    await expect(bob.client.deleteAccount('not my password')).rejects.toMatchObject({ code: 'wrong_password' });
    await bob.client.deleteAccount(PASSWORD);
    expect(bob.client.status).toBe('closed');
    expect(bob.client.token).toBeNull();
    await waitFor(() => !friendsOf(alice).includes(bob.id), 'alice to lose bob from her contacts');
    await waitFor(() => conversationOf(alice, dm.id)?.peer?.deleted === true, 'the conversation to show a deleted user');
    expect(alice.client.store.getSnapshot().messages[dm.id]?.at(-1)?.sender).toEqual({ id: bob.id, username: '', deleted: true });
    expect(alice.client.store.getSnapshot().presence[bob.id]?.online).toBe(false);
    const again = new NatterClient({ baseUrl: server.url });
    await expect(again.register(bob.username, PASSWORD)).resolves.toMatchObject({ username: bob.username });
    alice.client.disconnect();
  });
});
