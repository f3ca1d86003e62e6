import type { ServerFrame } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { Socket, nextId, signUp, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

/**
 * Sends that arrive together share one commit on SQLite. Whatever is batched, each send is answered
 * after the commit, a failing one takes no sequence, a repeated clientMsgId is stored once, and the
 * other members see 1, 2, 3… with no hole, in the order one socket sent them.
 */
describe.each(dialects)('a burst of sends on $name', (dialect) => {
  const server = serverFor(dialect);

  it('stores each once, gapless, with failures and retries inside the burst', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const b = await signUp(url);
    const room = (await a.api.post('/api/rooms', { name: uniqueName('burst') })).body.conversation;
    await b.api.post(`/api/rooms/${room.name}/join`);
    const { socket: sender } = await Socket.connect(url, a.token);
    const { socket: reader } = await Socket.connect(url, b.token);

    const ids = Array.from({ length: 30 }, () => nextId());
    const failing = new Set([5, 15, 25]);
    const retryOf3 = 20;
    for (const [i, id] of ids.entries()) {
      sender.send({
        type: 'send', id, conversationId: room.id, body: `burst ${i}`,
        clientMsgId: i === retryOf3 ? 'burst-00003' : `burst-${String(i).padStart(5, '0')}`,
        // An upload that does not exist fails the send inside its transaction, after the sequence was taken.
        ...(failing.has(i) ? { attachments: ['no-such-upload-000'] } : {}),
      });
    }
    const answers = await Promise.all(ids.map((id) => sender.next((f) => 'id' in f && f.id === id, 10_000)));
    const acks = answers.map((f) => (f.type === 'ack' ? f.message : null));
    for (const i of failing) expect(answers[i]).toMatchObject({ type: 'error', code: 'not_found' });
    expect(acks.filter((m) => m !== null)).toHaveLength(27);
    expect(acks[retryOf3]).toEqual(acks[3]);

    const stored = 30 - failing.size - 1;
    await reader.next((f) => f.type === 'message' && f.message.seq === stored, 10_000);
    const seen = reader.messages(room.id).map((m) => m.seq);
    expect(seen).toEqual(Array.from({ length: stored }, (_, k) => k + 1));
    const distinctSeqs = new Set(acks.flatMap((m) => (m ? [m.seq] : [])));
    expect(distinctSeqs.size).toBe(stored);
    const history = await b.api.get(`/api/conversations/${room.id}/messages?limit=100`);
    expect(history.body.messages.map((m: { seq: number }) => m.seq)).toEqual([...seen]);
    const storedBodies = history.body.messages.map((m: { body: string }) => m.body);
    const sentOrder = ids.flatMap((_, i) => (failing.has(i) || i === retryOf3 ? [] : [`burst ${i}`]));
    expect(storedBodies).toEqual(sentOrder);
    const bodies = new Set(storedBodies);
    for (const i of failing) expect(bodies.has(`burst ${i}`)).toBe(false);
    expect(bodies.has(`burst ${retryOf3}`)).toBe(false);
    sender.close();
    reader.close();
  });

  it('answers every socket of a crowd sending at once, in sequence order per conversation', async () => {
    const { url } = await server();
    const owner = await signUp(url);
    const room = (await owner.api.post('/api/rooms', { name: uniqueName('crowd') })).body.conversation;
    const people = await Promise.all(Array.from({ length: 8 }, () => signUp(url)));
    for (const p of people) await p.api.post(`/api/rooms/${room.name}/join`);
    const sockets = await Promise.all(people.map((p) => Socket.connect(url, p.token).then((c) => c.socket)));
    const requests = sockets.flatMap((s, k) =>
      Array.from({ length: 5 }, (_, n) => {
        const id = nextId();
        s.send({ type: 'send', id, conversationId: room.id, clientMsgId: `crowd-${k}-${n}-xx`, body: `${k}:${n}` });
        return s.next((f) => 'id' in f && f.id === id, 10_000);
      }),
    );
    const answers = (await Promise.all(requests)) as ServerFrame[];
    expect(answers.every((f) => f.type === 'ack')).toBe(true);
    const total = sockets.length * 5;
    for (const s of sockets) {
      await s.next((f) => f.type === 'message' && f.message.seq === total, 10_000);
      expect(s.messages(room.id).map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, k) => k + 1));
      s.close();
    }
  });
});
