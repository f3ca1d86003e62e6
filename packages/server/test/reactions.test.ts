import { REACTIONS_MAX_PER_MESSAGE, REACTIONS_MAX_PER_USER } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { Api, signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { eventually } from './helpers/files';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

const EMOJI = ['👍', '👍🏽', '👨‍👩‍👧‍👦', '🇨🇳', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', '❤️', '🧑🏽‍🚀', '👩🏻‍❤️‍👨🏿', '©️', '😀', '🎉', '🙏', '🔥', '✅', '👀', '💯', '🤔', '😂', '🥲', '🫠'];
const NOT_EMOJI = ['a', '❤', '👍👍', '🇨', ' 👍', '👍 ', '\u200d', '™', '<b>', 'x'.repeat(64), '%', '1'];

describe.each(dialects)('reactions on $name', (dialect) => {
  const server = serverFor(dialect);
  const on = (room: { id: string }, m: { id: string }, emoji = '') =>
    `/api/conversations/${room.id}/messages/${m.id}/reactions${emoji ? `/${encodeURIComponent(emoji)}` : ''}`;

  it('toggles per user, live on the change log with the whole list, and lists who reacted', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const watcher = (await Socket.connect2(url, owner.token)).socket;
    const m = await say(owner, room.id, 'react to me');
    const added = await b!.api.call('PUT', on(room, m, '👍'));
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ reactions: [{ emoji: '👍', count: 1, userIds: [b!.user.id] }] });
    expect((await b!.api.call('PUT', on(room, m, '👍'))).body.reactions).toHaveLength(1);
    await owner.api.call('PUT', on(room, m, '👍'));
    await owner.api.call('PUT', on(room, m, '👨‍👩‍👧‍👦'));
    const removed = await b!.api.call('DELETE', on(room, m, '👍'));
    expect(removed.body.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [owner.user.id] },
      { emoji: '👨‍👩‍👧‍👦', count: 1, userIds: [owner.user.id] },
    ]);
    expect((await b!.api.call('DELETE', on(room, m, '👍'))).status).toBe(200);
    await watcher.next((f) => f.type === 'message_change' && f.change.changeSeq === 4);
    expect(watcher.changes().map((c) => [c.kind, 'emoji' in c ? c.emoji : '', c.actor.id])).toEqual([
      ['react', '👍', b!.user.id], ['react', '👍', owner.user.id], ['react', '👨‍👩‍👧‍👦', owner.user.id], ['unreact', '👍', b!.user.id],
    ]);
    const last = watcher.changes().at(-1)!;
    expect('reactions' in last && last.reactions).toEqual(removed.body.reactions);
    const history = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(history.at(-1)).toMatchObject({ reactions: removed.body.reactions, changeSeq: 4 });
    const who = await b!.api.get(on(room, m));
    expect(who.body.reactions).toEqual([
      { emoji: '👍', users: [{ id: owner.user.id, username: owner.user.username }] },
      { emoji: '👨‍👩‍👧‍👦', users: [{ id: owner.user.id, username: owner.user.username }] },
    ]);
    watcher.close();
  });

  it('takes any RGI emoji and refuses everything else with invalid_emoji', async () => {
    const { url } = await server();
    const { owner, members, room } = await roomWith(url, 2);
    const m = await say(owner, room.id, 'emoji');
    const people = [owner, ...members];
    for (const [i, emoji] of EMOJI.slice(0, 18).entries()) {
      const res = await people[i % 3]!.api.call('PUT', on(room, m, emoji));
      expect(res.status, emoji).toBe(200);
    }
    for (const bad of NOT_EMOJI) {
      const res = await owner.api.call('PUT', on(room, m, bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(['invalid_emoji', 'validation_failed'], JSON.stringify(bad)).toContain(res.body.error.code);
    }
    expect((await owner.api.call('PUT', on(room, m, '❤'))).body.error.code).toBe('invalid_emoji');
    expect((await owner.api.call('PUT', on(room, m, 'x'.repeat(65)))).body.error.code).toBe('validation_failed');
    const stored = (await owner.api.get(`/api/conversations/${room.id}/messages`)).body.messages.at(-1);
    expect(stored.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(EMOJI.slice(0, 18));
  });

  it(`caps ${REACTIONS_MAX_PER_MESSAGE} distinct emoji per message and ${REACTIONS_MAX_PER_USER} per user, storing nothing past them`, async () => {
    const { url } = await server();
    const { owner, members, room } = await roomWith(url, 2);
    const m = await say(owner, room.id, 'many');
    for (const emoji of EMOJI.slice(0, REACTIONS_MAX_PER_USER)) expect((await owner.api.call('PUT', on(room, m, emoji))).status).toBe(200);
    const eleventh = await owner.api.call('PUT', on(room, m, EMOJI[REACTIONS_MAX_PER_USER]!));
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.code).toBe('too_many_reactions');
    for (const emoji of EMOJI.slice(REACTIONS_MAX_PER_USER, REACTIONS_MAX_PER_MESSAGE)) expect((await members[0]!.api.call('PUT', on(room, m, emoji))).status).toBe(200);
    const past = await members[1]!.api.call('PUT', on(room, m, EMOJI[REACTIONS_MAX_PER_MESSAGE]!));
    expect(past.body.error.code).toBe('too_many_reactions');
    // An emoji already there is no new distinct one.
    expect((await members[1]!.api.call('PUT', on(room, m, EMOJI[0]!))).status).toBe(200);
    const conv = (await owner.api.get(`/api/conversations/${room.id}`)).body.conversation;
    expect(conv.lastChangeSeq).toBe(REACTIONS_MAX_PER_MESSAGE + 1);
  });

  it('refuses outsiders (404), deleted messages, and other conversations\' messages', async () => {
    const { url } = await server();
    const { owner, room } = await roomWith(url, 0);
    const outsider = await signUp(url);
    const m = await say(owner, room.id, 'mine');
    expect((await outsider.api.call('PUT', on(room, m, '👍'))).status).toBe(404);
    expect((await outsider.api.get(on(room, m))).status).toBe(404);
    const elsewhere = (await roomWith(url, 0));
    expect((await elsewhere.owner.api.call('PUT', on(elsewhere.room, m, '👍'))).status).toBe(404);
    await owner.api.call('PUT', on(room, m, '👍'));
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${m.id}`);
    expect((await owner.api.call('PUT', on(room, m, '🎉'))).body.error.code).toBe('message_deleted');
    const stored = (await owner.api.get(`/api/conversations/${room.id}/messages`)).body.messages.at(-1);
    expect(stored.reactions).toBeUndefined();
    expect((await owner.api.get(on(room, m))).body.reactions).toEqual([]);
  });

  it('ends consistent when two devices toggle the same reaction at once, and the log has no gaps', async () => {
    const { url, app } = await server();
    const { owner, members, room } = await roomWith(url, 4);
    const m = await say(owner, room.id, 'race');
    const laptop = owner;
    // A second session of the same account: another device.
    const phone = new Api(url);
    phone.token = (await phone.post('/api/auth/login', { username: owner.user.username, password: owner.password })).body.token;
    const watchers = await Promise.all([Socket.connect2(url, owner.token), Socket.connect2(url, members[0]!.token)]);
    const ops: Promise<unknown>[] = [];
    for (let round = 0; round < 6; round++) {
      ops.push(laptop.api.call('PUT', on(room, m, '👍')), phone.call('PUT', on(room, m, '👍')));
      ops.push(laptop.api.call(round % 2 ? 'PUT' : 'DELETE', on(room, m, '👍')), phone.call(round % 2 ? 'DELETE' : 'PUT', on(room, m, '👍')));
      for (const member of members) ops.push(member.api.call(round % 2 ? 'DELETE' : 'PUT', on(room, m, '🎉')));
    }
    await Promise.all(ops);
    const head = Number((await app.ctx.db.selectFrom('conversations').select('last_change_seq').where('id', '=', room.id).executeTakeFirstOrThrow()).last_change_seq);
    const log = await app.ctx.db.selectFrom('message_changes').select(['change_seq', 'payload']).where('conversation_id', '=', room.id).orderBy('change_seq').execute();
    expect(log.map((r) => Number(r.change_seq))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    const stored = (await owner.api.get(`/api/conversations/${room.id}/messages`)).body.messages.at(-1).reactions ?? [];
    const rows = await app.ctx.db.selectFrom('message_reactions').select(['emoji', 'user_id']).where('message_id', '=', m.id).execute();
    expect(stored.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(rows.length);
    expect(stored.find((r: { emoji: string }) => r.emoji === '👍')?.userIds ?? []).toEqual(rows.some((r) => r.emoji === '👍') ? [owner.user.id] : []);
    // The last change carries the final state, and every socket saw every change once, in order.
    expect(JSON.parse(log.at(-1)!.payload).reactions).toEqual(stored);
    for (const { socket } of watchers) {
      await eventually(() => socket.changes().length === head);
      expect(socket.changes().map((c) => c.changeSeq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const final = socket.changes().at(-1)!;
      expect('reactions' in final && final.reactions).toEqual(stored);
      socket.close();
    }
  });
});
