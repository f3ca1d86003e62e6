import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

/*
 * The server's clock jumping back an hour (an NTP step, a wrong time corrected) must not reorder
 * or drop messages: sequences decide the order, and a message's time never goes below the time of
 * the one before it in the same conversation (ADR 0010). The clock is the app's `ctx.now`.
 */

const dialects = await dialectsUnderTest();
const HOUR = 3_600_000;

describe.each(dialects)('a clock set back on $name', (dialect) => {
  const server = serverFor(dialect);

  it('keeps every message, in sequence order, with times that never go backwards', async () => {
    const { url, app } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('r') })).body.conversation;
    expect((await b.api.post(`/api/rooms/${room.name}/join`)).status).toBe(200);
    const { socket: watcher } = await Socket.connect(url, b.token);
    const { socket: sender } = await Socket.connect(url, a.token);

    const send = async (body: string, how: 'rest' | 'socket') => {
      if (how === 'rest') {
        const res = await a.api.post(`/api/conversations/${room.id}/messages`, { clientMsgId: `clock-${nextId()}-xxxx`, body });
        expect(res.status).toBe(201);
        return res.body.message;
      }
      const ack = await sender.request({ type: 'send', id: nextId(), conversationId: room.id, clientMsgId: `clock-${nextId()}-yyyy`, body });
      expect(ack.type).toBe('ack');
      return (ack as { message: unknown }).message;
    };

    const realNow = app.ctx.now;
    const sent: { seq: number; createdAt: number; body: string }[] = [];
    try {
      for (let i = 0; i < 3; i++) sent.push(await send(`before ${i}`, i % 2 ? 'socket' : 'rest'));
      const lastBefore = sent.at(-1)!.createdAt;
      app.ctx.now = () => realNow() - HOUR;
      for (let i = 0; i < 4; i++) sent.push(await send(`after ${i}`, i % 2 ? 'socket' : 'rest'));
      // Stamped with the conversation's last time, not an hour earlier.
      for (const m of sent.slice(3)) expect(m.createdAt).toBe(lastBefore);
      // The clock catches up again: times move on from there.
      app.ctx.now = () => realNow() + 1000;
      sent.push(await send('caught up', 'rest'));
      expect(sent.at(-1)!.createdAt).toBeGreaterThan(lastBefore);
    } finally {
      app.ctx.now = realNow;
    }

    const seqs = sent.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const history = (await b.api.get(`/api/conversations/${room.id}/messages?limit=50`)).body.messages as typeof sent;
    expect(history.map((m) => m.body)).toEqual(sent.map((m) => m.body));
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.seq).toBe(history[i - 1]!.seq + 1);
      expect(history[i]!.createdAt).toBeGreaterThanOrEqual(history[i - 1]!.createdAt);
    }
    // Live delivery and a resume from the start both see every message once, in order.
    await watcher.next((f) => f.type === 'message' && f.message.body === 'caught up');
    expect(watcher.messages(room.id).map((m) => m.body)).toEqual(sent.map((m) => m.body));
    const { socket: later, welcome } = await Socket.connect(url, b.token, { [room.id]: 0 });
    expect(welcome.missed.filter((m) => m.conversationId === room.id).map((m) => m.seq)).toEqual(seqs);
    for (const s of [watcher, sender, later]) s.close();
  });
});
