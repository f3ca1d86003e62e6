import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/index';
import { NatterError, newClientMsgId } from '../src/index';
import { newUser, startTestServer, type TestServer, waitFor } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function setup() {
  const alice = await newUser(server.url, 'alice');
  const bob = await newUser(server.url, 'bob');
  const room = await alice.client.createRoom({ name: `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}` });
  await bob.client.joinRoom(room.name!);
  await alice.client.getMessages(room.id);
  await bob.client.getMessages(room.id);
  await Promise.all([alice.client.connect(), bob.client.connect()]);
  const heard: Message[] = [];
  bob.client.on('message', (m) => heard.push(m));
  return { alice, bob, room, heard };
}

const countId = (ms: readonly Message[] | undefined, id: string) => (ms ?? []).filter((m) => m.id === id).length;

describe('idempotent sends', () => {
  it('the same clientMsgId twice, and again after a reconnect, is stored once with one id and seq', async () => {
    const { alice, bob, room, heard } = await setup();
    const clientMsgId = newClientMsgId();
    const first = await alice.client.sendMessage(room.id, 'only once', { clientMsgId });
    const second = await alice.client.sendMessage(room.id, 'only once', { clientMsgId });
    expect(second.id).toBe(first.id);
    expect(second.seq).toBe(first.seq);
    expect(second.clientMsgId).toBe(clientMsgId);

    alice.ctl.kill();
    await waitFor(() => alice.ctl.sockets.length === 2 && alice.client.status === 'online', 'alice back online');
    const third = await alice.client.sendMessage(room.id, 'only once', { clientMsgId });
    expect([third.id, third.seq]).toEqual([first.id, first.seq]);

    const after = await alice.client.sendMessage(room.id, 'next one');
    expect(after.seq).toBe(first.seq + 1);
    await waitFor(() => heard.some((m) => m.id === after.id), 'bob hears the next one');
    expect(countId(bob.client.store.getSnapshot().messages[room.id], first.id)).toBe(1);
    expect(countId(alice.client.store.getSnapshot().messages[room.id], first.id)).toBe(1);
    expect(heard.filter((m) => m.id === first.id)).toHaveLength(1);
  });

  it('two raw send frames with one clientMsgId get two acks carrying the same message', async () => {
    const { alice, bob, room, heard } = await setup();
    const socket = alice.ctl.current!;
    const acks: Message[] = [];
    socket.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; id?: string; message?: Message };
      if (f.type === 'ack' && f.id?.startsWith('raw-')) acks.push(f.message!);
    });
    const clientMsgId = newClientMsgId();
    for (const id of ['raw-1', 'raw-2']) socket.send(JSON.stringify({ type: 'send', id, conversationId: room.id, clientMsgId, body: 'raw' }));
    await waitFor(() => acks.length === 2, 'two acks');
    expect(acks[1]!.id).toBe(acks[0]!.id);
    expect(acks[1]!.seq).toBe(acks[0]!.seq);
    await waitFor(() => heard.some((m) => m.id === acks[0]!.id), 'bob hears it');
    const marker = await alice.client.sendMessage(room.id, 'marker');
    await waitFor(() => heard.some((m) => m.id === marker.id), 'bob hears the marker');
    expect(heard.filter((m) => m.id === acks[0]!.id)).toHaveLength(1);
    expect(countId(bob.client.store.getSnapshot().messages[room.id], acks[0]!.id)).toBe(1);
  });

  it('queues sends while offline, shows them pending, and resends them in order on reconnect', async () => {
    const { alice, room, heard } = await setup();
    alice.ctl.offline = true;
    alice.ctl.kill();
    await waitFor(() => alice.client.status === 'reconnecting', 'alice offline');
    const promises = ['one', 'two', 'three'].map((b) => alice.client.sendMessage(room.id, b));
    await Promise.resolve();
    const pending = alice.client.store.getSnapshot().pending[room.id] ?? [];
    expect(pending.map((p) => [p.body, p.state])).toEqual([
      ['one', 'sending'],
      ['two', 'sending'],
      ['three', 'sending'],
    ]);
    alice.ctl.offline = false;
    const acked = await Promise.all(promises);
    expect(acked.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    expect(acked.map((m) => m.seq)).toEqual([acked[0]!.seq, acked[0]!.seq + 1, acked[0]!.seq + 2]);
    await waitFor(() => alice.client.store.getSnapshot().pending[room.id] === undefined, 'pending cleared');
    await waitFor(() => heard.length === 3, 'bob hears all three');
    expect(heard.map((m) => m.body)).toEqual(['one', 'two', 'three']);
  });

  it('a send whose socket dies before the ack is delivered exactly once', async () => {
    const { alice, room, heard } = await setup();
    const results: Message[] = [];
    for (let i = 0; i < 5; i++) {
      const p = alice.client.sendMessage(room.id, `fragile ${i}`);
      alice.ctl.kill();
      results.push(await p);
    }
    expect(new Set(results.map((m) => m.id)).size).toBe(5);
    await waitFor(() => heard.length === 5, 'bob hears five');
    expect(heard.map((m) => m.body)).toEqual(results.map((m) => m.body));
    const held = alice.client.store.getSnapshot().messages[room.id]!;
    expect(held.map((m) => m.body)).toEqual(results.map((m) => m.body));
  });

  it('a refused send is marked failed, rejects with NatterError, and can be retried', async () => {
    const { bob, room } = await setup();
    await bob.client.leaveConversation(room.id);
    const err = await bob.client.sendMessage(room.id, 'let me in').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatterError);
    expect((err as NatterError).retryable).not.toBe(true);
    const failed = bob.client.store.getSnapshot().pending[room.id]?.[0];
    expect(failed?.state).toBe('failed');
    expect(failed?.error?.code).toBe((err as NatterError).code);
    await bob.client.joinRoom(room.name!);
    const m = await bob.client.retryPending(room.id, failed!.clientMsgId);
    expect(m.clientMsgId).toBe(failed!.clientMsgId);
    expect(m.body).toBe('let me in');
    expect(bob.client.store.getSnapshot().pending[room.id]).toBeUndefined();
  });
});
