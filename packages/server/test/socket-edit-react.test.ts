import { describe, expect, it } from 'vitest';
import { nextId, signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

/* Edits and reactions as socket requests: the same rules as their REST routes, answered with the request id. */
describe.each(dialects)('edit and react frames on $name', (dialect) => {
  const server = serverFor(dialect);

  it('edits my message: acked with the edited message, announced once on the change log', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const mine = (await Socket.connect2(url, owner.token)).socket;
    const watcher = (await Socket.connect2(url, b!.token)).socket;
    const m = await say(owner, room.id, 'teh plan');
    const id = nextId();
    const ack = await mine.request({ type: 'edit', id, conversationId: room.id, messageId: m.id, body: 'the plan' });
    expect(ack).toMatchObject({ type: 'ack', id, message: { id: m.id, body: 'the plan', changeSeq: 1 } });
    await watcher.next((f) => f.type === 'message_change' && f.change.changeSeq === 1);
    expect(watcher.changes(room.id).map((c) => [c.kind, 'body' in c ? c.body : ''])).toEqual([['edit', 'the plan']]);
    const history = await owner.api.get(`/api/conversations/${room.id}/messages/${m.id}/edits`);
    expect(history.body.edits.map((e: { body: string }) => e.body)).toEqual(['teh plan']);
    mine.close();
    watcher.close();
  });

  it('refuses edits the REST route refuses, with the code and the request id, and changes nothing', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const outsider = await signUp(url);
    const m = await say(owner, room.id, 'original');
    const sb = (await Socket.connect2(url, b!.token)).socket;
    const so = (await Socket.connect2(url, outsider.token)).socket;
    const sOwner = (await Socket.connect2(url, owner.token)).socket;
    const cases: [Socket, Record<string, unknown>, string][] = [
      [sb, { conversationId: room.id, messageId: m.id, body: 'not yours' }, 'forbidden'],
      [so, { conversationId: room.id, messageId: m.id, body: 'not your room' }, 'not_found'],
      [sOwner, { conversationId: room.id, messageId: m.id, body: 'x'.repeat(4001) }, 'validation_failed'],
      [sOwner, { conversationId: room.id, messageId: m.id, body: '   ' }, 'validation_failed'],
      [sOwner, { conversationId: room.id, messageId: m.id }, 'validation_failed'],
      [sOwner, { conversationId: room.id, messageId: m.id, body: 'ok', extra: 1 }, 'validation_failed'],
      [sOwner, { conversationId: room.id, messageId: '00000000-0000-4000-8000-000000000000', body: 'gone' }, 'not_found'],
    ];
    for (const [socket, fields, code] of cases) {
      const id = nextId();
      expect(await socket.request({ type: 'edit', id, ...fields }), JSON.stringify(fields).slice(0, 80)).toMatchObject({ type: 'error', id, code });
    }
    const held = await owner.api.get(`/api/conversations/${room.id}/messages`);
    expect(held.body.messages.at(-1)).toMatchObject({ body: 'original' });
    expect(held.body.messages.at(-1).editedAt).toBeUndefined();
    for (const s of [sb, so, sOwner]) s.close();
  });

  it('reacts and unreacts: answered with the whole list, live on the change log, and the same refusals as REST', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const outsider = await signUp(url);
    const m = await say(owner, room.id, 'react to me');
    const sb = (await Socket.connect2(url, b!.token)).socket;
    const watcher = (await Socket.connect2(url, owner.token)).socket;
    const on = { conversationId: room.id, messageId: m.id };
    const added = nextId();
    expect(await sb.request({ type: 'react', id: added, ...on, emoji: '👍🏽' })).toEqual({
      type: 'reactions', id: added, messageId: m.id, reactions: [{ emoji: '👍🏽', count: 1, userIds: [b!.user.id] }],
    });
    // Twice is fine, and no second change.
    expect(await sb.request({ type: 'react', id: nextId(), ...on, emoji: '👍🏽' })).toMatchObject({ type: 'reactions', reactions: [{ count: 1 }] });
    const removed = nextId();
    expect(await sb.request({ type: 'unreact', id: removed, ...on, emoji: '👍🏽' })).toEqual({ type: 'reactions', id: removed, messageId: m.id, reactions: [] });
    await watcher.next((f) => f.type === 'message_change' && f.change.changeSeq === 2);
    expect(watcher.changes(room.id).map((c) => [c.kind, 'emoji' in c ? c.emoji : ''])).toEqual([['react', '👍🏽'], ['unreact', '👍🏽']]);

    const so = (await Socket.connect2(url, outsider.token)).socket;
    const refusals: [Socket, Record<string, unknown>, string][] = [
      [sb, { ...on, emoji: 'a' }, 'invalid_emoji'],
      [sb, { ...on, emoji: '👍👍' }, 'invalid_emoji'],
      [sb, { ...on, emoji: 'x'.repeat(65) }, 'validation_failed'],
      [sb, { ...on, emoji: '' }, 'validation_failed'],
      [sb, { ...on }, 'validation_failed'],
      [so, { ...on, emoji: '👍' }, 'not_found'],
    ];
    for (const [socket, fields, code] of refusals) {
      for (const type of ['react', 'unreact']) {
        const id = nextId();
        expect(await socket.request({ type, id, ...fields }), `${type} ${JSON.stringify(fields).slice(0, 80)}`).toMatchObject({ type: 'error', id, code });
      }
    }
    // REST refuses the same emoji the same way.
    const rest = await b!.api.call('PUT', `/api/conversations/${room.id}/messages/${m.id}/reactions/a`);
    expect(rest.body.error.code).toBe('invalid_emoji');
    const held = await owner.api.get(`/api/conversations/${room.id}/messages`);
    expect(held.body.messages.at(-1).reactions ?? []).toEqual([]);
    expect(held.body.messages.at(-1).changeSeq).toBe(2);
    for (const s of [sb, so, watcher]) s.close();
  });
});
