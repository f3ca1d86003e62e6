import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/index';
import { NatterClient, NatterError } from '../src/index';
import { newUser, socketControl, startTestServer, type TestServer, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('two clients chatting live', () => {
  it('exchange messages in general and in a direct conversation', async () => {
    const alice = await newUser(server.url, 'alice');
    const bob = await newUser(server.url, 'bob');
    const [aliceGeneral] = await alice.client.listConversations();
    await bob.client.listConversations();
    expect(aliceGeneral?.name).toBe('general');
    const generalId = aliceGeneral!.id;
    await alice.client.getMessages(generalId);
    await bob.client.getMessages(generalId);

    const bobHeard: Message[] = [];
    bob.client.on('message', (m) => bobHeard.push(m));
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    expect(alice.client.status).toBe('online');
    expect(bob.client.user?.username).toBe(bob.username);

    const sent = await alice.client.sendMessage(generalId, 'hi bob');
    expect(sent.body).toBe('hi bob');
    expect(sent.sender.username).toBe(alice.username);
    await waitFor(() => bobHeard.some((m) => m.id === sent.id), 'bob to hear alice in general');
    expect(bob.client.store.getSnapshot().messages[generalId]?.map((m) => m.body)).toEqual(['hi bob']);
    // Alice's own copy arrives by ack and by broadcast; the store holds it once, with no pending left.
    await waitFor(() => alice.client.store.getSnapshot().messages[generalId]?.length === 1, 'alice store');
    expect(alice.client.store.getSnapshot().pending[generalId]).toBeUndefined();

    // Bob opens a DM; Alice learns about the new conversation live and gets the message.
    const newConversations: string[] = [];
    alice.client.on('conversation', (c) => newConversations.push(c.id));
    const dm = await bob.client.openDm(alice.username);
    expect(dm.kind).toBe('dm');
    expect(dm.peer?.username).toBe(alice.username);
    const dmMsg = await bob.client.sendMessage(dm.id, 'psst, 你好');
    await waitFor(() => alice.client.store.getSnapshot().conversations.some((c) => c.id === dm.id), 'alice to see the DM');
    await waitFor(
      () => alice.client.store.getSnapshot().conversations.find((c) => c.id === dm.id)?.lastMessage?.id === dmMsg.id,
      'DM last message on alice side',
    );
    expect(newConversations).toContain(dm.id);
    const reply = await alice.client.sendMessage(dm.id, 'hi back');
    expect(reply.seq).toBe(dmMsg.seq + 1);
    await waitFor(() => bobHeard.some((m) => m.id === reply.id), 'bob to hear the DM reply');
    const bobDm = bob.client.store.getSnapshot().messages[dm.id] ?? [];
    expect(bobDm.map((m) => m.body)).toEqual(['psst, 你好', 'hi back']);
    // Newest activity first: the DM moved above general for both.
    expect(bob.client.store.getSnapshot().conversations[0]?.id).toBe(dm.id);

    alice.client.disconnect();
    bob.client.disconnect();
    expect(alice.client.status).toBe('closed');
  });

  it('sends over REST before connect, reports stable error codes, and forgets everything on logout', async () => {
    const carol = await newUser(server.url, 'carol');
    const [general] = await carol.client.listConversations();
    await carol.client.getMessages(general!.id);
    const m = await carol.client.sendMessage(general!.id, 'over rest');
    expect(carol.client.status).toBe('idle');
    expect(carol.client.store.getSnapshot().messages[general!.id]?.at(-1)?.id).toBe(m.id);

    await expect(carol.client.sendMessage(general!.id, '   ')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(carol.client.createRoom({ name: 'x' })).rejects.toMatchObject({ code: 'validation_failed' });
    const err = await carol.client.getConversation('doesNotExist').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatterError);
    expect((err as NatterError).code).toBe('not_found');
    expect((err as NatterError).status).toBe(404);

    const room = await carol.client.createRoom({ name: `r${Date.now().toString(36)}`, topic: 'things' });
    expect(carol.client.store.getSnapshot().conversations.map((c) => c.id)).toContain(room.id);
    const info = await carol.client.getRoomInfo(room.name!);
    expect(info.members.map((x) => x.user.username)).toEqual([carol.username]);
    const rooms = await carol.client.listPublicRooms();
    expect(rooms.some((r) => r.id === room.id && r.joined)).toBe(true);
    await carol.client.leaveConversation(room.id);
    expect(carol.client.store.hasConversation(room.id)).toBe(false);

    expect((await carol.client.me())?.username).toBe(carol.username);
    await carol.client.connect();
    await carol.client.logout();
    expect(carol.client.status).toBe('closed');
    expect(carol.client.token).toBeNull();
    expect(carol.client.store.getSnapshot().conversations).toEqual([]);
    expect(await carol.client.me()).toBeNull();
    await expect(carol.client.login(carol.username, 'wrong password')).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('stops for good when the session is ended elsewhere', async () => {
    const dave = await newUser(server.url, 'dave');
    const { WebSocket: Ws } = socketControl();
    const twin = new NatterClient({ baseUrl: server.url, token: dave.client.token!, WebSocket: Ws, reconnect: { minDelayMs: 20, maxDelayMs: 50 } });
    const errors: NatterError[] = [];
    twin.on('error', (e) => errors.push(e));
    await twin.connect();
    await dave.client.logout();
    await waitFor(() => twin.status === 'closed', 'twin to close');
    expect(errors.map((e) => e.code)).toContain('unauthenticated');
    await new Promise((r) => setTimeout(r, 200));
    expect(twin.status).toBe('closed');
    await expect(twin.connect()).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
