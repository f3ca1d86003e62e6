import { RESUME_MAX_PER_CONVERSATION } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Message, NatterClient, type NatterError } from '../src/index';
import { newUser, startTestServer, type TestServer, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function expectExactlyOnceInOrder(held: readonly Message[], expected: readonly Message[]): void {
  expect(held.map((m) => m.id)).toEqual(expected.map((m) => m.id));
  expect(new Set(held.map((m) => m.id)).size).toBe(held.length);
  held.forEach((m, i) => expect(m.seq).toBe(held[0]!.seq + i));
}

async function pair(roomPrefix: string, bobOpts = {}) {
  const alice = await newUser(server.url, 'alice');
  const bob = await newUser(server.url, 'bob', bobOpts);
  const room = await alice.client.createRoom({ name: `${roomPrefix}${Date.now().toString(36)}` });
  await bob.client.joinRoom(room.name!);
  await bob.client.getMessages(room.id);
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  const heard: Message[] = [];
  bob.client.on('message', (m) => {
    if (m.conversationId === room.id) heard.push(m);
  });
  return { alice, bob, room, heard };
}

const bodies = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

async function sendAll(client: NatterClient, conversationId: string, texts: string[]): Promise<Message[]> {
  const out: Message[] = [];
  for (const t of texts) out.push(await client.sendMessage(conversationId, t));
  return out;
}

describe('reconnecting', () => {
  it('a dropped socket comes back and holds every message exactly once, in order', async () => {
    const { alice, bob, room, heard } = await pair('drop');
    const sent: Message[] = [];
    sent.push(...(await sendAll(alice.client, room.id, bodies('before', 3))));
    await waitFor(() => heard.length === 3, 'first messages live');

    // Killed while Alice keeps talking: some messages race the reconnect.
    const statuses: string[] = [];
    bob.client.on('status', (s) => statuses.push(s));
    const burst = sendAll(alice.client, room.id, bodies('racing', 10));
    bob.ctl.kill();
    sent.push(...(await burst));
    await waitFor(() => heard.length === sent.length, 'racing messages after reconnect');
    expect(statuses).toContain('reconnecting');
    expect(bob.client.status).toBe('online');

    // Kept offline while Alice sends 20.
    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status === 'reconnecting', 'bob offline');
    sent.push(...(await sendAll(alice.client, room.id, bodies('while away', 20))));
    expect(bob.client.store.getSnapshot().messages[room.id]).toHaveLength(13);
    bob.ctl.offline = false;
    await waitFor(() => bob.client.store.getSnapshot().messages[room.id]?.length === sent.length, 'bob to catch up');
    await waitFor(() => heard.length === sent.length, 'events after catch-up');

    expectExactlyOnceInOrder(bob.client.store.getSnapshot().messages[room.id]!, sent);
    expectExactlyOnceInOrder(heard, sent);
    expect(bob.client.store.getSnapshot().cursors[room.id]).toBe(sent.at(-1)!.seq);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('treats a silent socket as dead and reconnects', async () => {
    const { alice, bob, room, heard } = await pair('silent', { heartbeat: { intervalMs: 50, timeoutMs: 400 } });
    const first = bob.ctl.current!;
    first.pause(); // half-open: nothing arrives, nothing errors
    const sent = await sendAll(alice.client, room.id, bodies('unheard', 3));
    await waitFor(() => bob.ctl.sockets.length >= 2 && bob.client.status === 'online', 'a fresh socket', 5_000);
    await waitFor(() => heard.length === 3, 'missed messages replayed');
    expectExactlyOnceInOrder(heard, sent);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('keeps a quiet but healthy socket open with pings', async () => {
    const carol = await newUser(server.url, 'carol', { heartbeat: { intervalMs: 50, timeoutMs: 250 } });
    await carol.client.connect();
    await new Promise((r) => setTimeout(r, 800));
    expect(carol.ctl.sockets).toHaveLength(1);
    expect(carol.client.status).toBe('online');
    carol.client.disconnect();
  });

  it('reports an invalid frame through error and keeps working', async () => {
    const { alice, bob, room, heard } = await pair('junk');
    const errors: NatterError[] = [];
    bob.client.on('error', (e) => errors.push(e));
    // Frames as if they had come over the wire on the real connection.
    bob.ctl.current!.emit('message', Buffer.from('{"type":"message","message":{"id":1}}'), false);
    bob.ctl.current!.emit('message', Buffer.from('not json'), false);
    bob.ctl.current!.emit('message', Buffer.from('{"type":"surprise"}'), false);
    expect(errors.map((e) => e.code)).toEqual(['validation_failed', 'invalid_json', 'validation_failed']);
    const m = await alice.client.sendMessage(room.id, 'still here');
    await waitFor(() => heard.some((h) => h.id === m.id), 'live after junk');
    expect(bob.client.status).toBe('online');
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('keeps reconnecting (not closed) when the server goes away', async () => {
    const own = await startTestServer();
    const carol = await newUser(own.url, 'carol');
    await carol.client.connect();
    await own.close();
    await waitFor(() => carol.client.status === 'reconnecting', 'reconnecting after shutdown');
    await new Promise((r) => setTimeout(r, 300));
    expect(carol.client.status).toBe('reconnecting');
    carol.client.disconnect();
    expect(carol.client.status).toBe('closed');
  });
});

describe('catching up', () => {
  it('a live message past a gap is held back until a re-hello fills the gap', async () => {
    const { alice, bob, room, heard } = await pair('gap');
    let dropped = 0;
    bob.ctl.dropIncoming = (text) => {
      const f = JSON.parse(text) as { type: string; message?: { conversationId: string } };
      if (f.type === 'message' && f.message?.conversationId === room.id && dropped === 0) {
        dropped++;
        return true;
      }
      return false;
    };
    const sent = await sendAll(alice.client, room.id, ['lost on the way', 'arrives first', 'then this']);
    await waitFor(() => heard.length === 3, 'gap filled');
    expect(dropped).toBe(1);
    expectExactlyOnceInOrder(heard, sent);
    expectExactlyOnceInOrder(bob.client.store.getSnapshot().messages[room.id]!, sent);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('after a reconnect, a conversation started meanwhile appears with all its messages', async () => {
    const { alice, bob } = await pair('newdm');
    const heard: Message[] = [];
    bob.client.on('message', (m) => heard.push(m));
    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status === 'reconnecting', 'bob offline');
    const dm = await alice.client.openDm(bob.username);
    const sent = await sendAll(alice.client, dm.id, ['are you there?', 'hello?']);
    bob.ctl.offline = false;
    await waitFor(() => heard.filter((m) => m.conversationId === dm.id).length === 2, 'DM replayed');
    expectExactlyOnceInOrder(heard.filter((m) => m.conversationId === dm.id), sent);
    expect(bob.client.store.getSnapshot().conversations.some((c) => c.id === dm.id)).toBe(true);
    alice.client.disconnect();
    bob.client.disconnect();
  });

  it('too far behind, a conversation is reloaded from its latest page instead of replayed', async () => {
    const { alice, bob, room, heard } = await pair('behind');
    const resyncs: string[] = [];
    bob.client.on('resync', (r) => resyncs.push(r.reason));
    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status === 'reconnecting', 'bob offline');
    const writer = new NatterClient({ baseUrl: server.url, token: alice.client.token! });
    const total = RESUME_MAX_PER_CONVERSATION + 5;
    for (let i = 0; i < total; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, total - i) }, (_, k) => writer.sendMessage(room.id, `bulk ${i + k + 1}`)),
      );
    }
    bob.ctl.offline = false;
    await waitFor(() => bob.client.store.getSnapshot().cursors[room.id] === total, 'reloaded to the head', 15_000);
    const held = bob.client.store.getSnapshot().messages[room.id]!;
    expect(resyncs).toEqual(['too_old']);
    expect(held.at(-1)!.seq).toBe(total);
    held.forEach((m, i) => expect(m.seq).toBe(held[0]!.seq + i));
    expect(bob.client.store.getSnapshot().hasMoreBefore[room.id]).toBe(true);
    expect(heard).toHaveLength(0);
    // The unread count is exact although most of the missed messages were never loaded.
    await waitFor(() => bob.client.store.getSnapshot().conversations.find((c) => c.id === room.id)?.unreadCount === total, 'exact unread count');
    const live = await alice.client.sendMessage(room.id, 'caught up');
    await waitFor(() => heard.some((m) => m.id === live.id), 'live after reload');
    expect(bob.client.store.getSnapshot().messages[room.id]!.at(-1)!.seq).toBe(total + 1);
    alice.client.disconnect();
    bob.client.disconnect();
  }, 60_000);

  it('a conversation left while offline is dropped from the store on resync', async () => {
    const { alice, bob, room } = await pair('left');
    const resyncs: string[] = [];
    bob.client.on('resync', (r) => resyncs.push(`${r.conversationId}:${r.reason}`));
    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status === 'reconnecting', 'bob offline');
    const twin = new NatterClient({ baseUrl: server.url, token: bob.client.token! });
    await twin.leaveConversation(room.id);
    bob.ctl.offline = false;
    await waitFor(() => resyncs.includes(`${room.id}:unknown`), 'resync unknown');
    expect(bob.client.store.hasConversation(room.id)).toBe(false);
    alice.client.disconnect();
    bob.client.disconnect();
  });
  it('a message deleted while the socket was away shows as deleted after the reconnect', async () => {
    const { alice, bob, room, heard } = await pair('gone');
    const [kept, takenBack] = await sendAll(alice.client, room.id, ['kept', 'taken back']);
    await waitFor(() => heard.length === 2, 'both messages live');
    const deletions: string[] = [];
    bob.client.on('message_deleted', (d) => deletions.push(d.messageId));

    bob.ctl.offline = true;
    bob.ctl.kill();
    await waitFor(() => bob.client.status === 'reconnecting', 'bob offline');
    await alice.client.deleteMessage(room.id, takenBack!.id);
    bob.ctl.offline = false;

    await waitFor(() => deletions.includes(takenBack!.id), 'the deletion after the reconnect');
    const held = bob.client.store.getSnapshot().messages[room.id]!;
    expect(held.find((m) => m.id === takenBack!.id)).toMatchObject({ deleted: true, body: '' });
    expect(held.find((m) => m.id === kept!.id)).toMatchObject({ body: 'kept' });
    alice.client.disconnect();
    bob.client.disconnect();
  });
});
