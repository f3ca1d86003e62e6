import { RESUME_MAX_PER_CONVERSATION } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { nextId, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { eventually } from './helpers/files';
import { roomWith, say } from './helpers/rooms';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('changes replayed at resume on $name', (dialect) => {
  const server = serverFor(dialect);

  it('gives a socket that was away exactly the edits, reaction, pin and deletion it missed, once and in order', async () => {
    const { url } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const first = await Socket.connect2(url, b!.token);
    const target = await say(owner, room.id, 'draft');
    const other = await say(owner, room.id, 'other');
    await first.socket.next((f) => f.type === 'message' && f.message.id === other.id);
    const cursors = { [room.id]: other.seq };
    const changeCursors = { [room.id]: first.welcome.changeHeads![room.id]! };
    first.socket.terminate();

    const msgPath = `/api/conversations/${room.id}/messages/${target.id}`;
    await owner.api.call('PATCH', msgPath, { body: 'draft 2' });
    await owner.api.call('PATCH', msgPath, { body: 'final' });
    await owner.api.call('PUT', `${msgPath}/reactions/${encodeURIComponent('👍')}`);
    await owner.api.call('PUT', `${msgPath}/pin`);
    await owner.api.call('DELETE', `/api/conversations/${room.id}/messages/${other.id}`);

    const back = await Socket.connect2(url, b!.token, cursors, changeCursors);
    expect(back.welcome).toMatchObject({ missed: [], resync: [], deleted: [], changeHeads: { [room.id]: 5 } });
    expect(back.welcome.changes!.map((c) => [c.changeSeq, c.kind, c.messageId])).toEqual([
      [1, 'edit', target.id], [2, 'edit', target.id], [3, 'react', target.id], [4, 'pin', target.id], [5, 'delete', other.id],
    ]);
    expect(back.welcome.changes![1]).toMatchObject({ body: 'final' });
    // Applying them in order gives what the server holds now.
    const held = { body: target.body, reactions: [] as unknown[], pinned: false, otherDeleted: false };
    for (const c of back.welcome.changes!) {
      if (c.kind === 'edit') held.body = c.body;
      if (c.kind === 'react') held.reactions = c.reactions;
      if (c.kind === 'pin') held.pinned = true;
      if (c.kind === 'delete') held.otherDeleted = c.messageId === other.id;
    }
    const now = (await b!.api.get(`/api/conversations/${room.id}/messages`)).body.messages;
    expect(now[0]).toMatchObject({ body: held.body, reactions: held.reactions, pinned: { by: { id: owner.user.id } } });
    expect(now[1].deleted).toBe(held.otherDeleted);
    // Nothing more arrives live for what the welcome carried; the next change comes once.
    await owner.api.call('DELETE', `${msgPath}/pin`);
    await back.socket.next((f) => f.type === 'message_change' && f.change.changeSeq === 6);
    await say(owner, room.id, 'flush');
    await back.socket.next((f) => f.type === 'message' && f.message.body === 'flush');
    expect(back.socket.changes().map((c) => c.changeSeq)).toEqual([6]);

    // A protocol-1 socket away over the same span hears only of the deletion.
    const v1 = await Socket.open(url, b!.token);
    const old = await v1.request({ type: 'hello', id: nextId(), cursors, deletedSince: first.welcome.serverTime });
    expect(old).toMatchObject({ type: 'welcome', deleted: [{ conversationId: room.id, messageId: other.id, seq: other.seq }] });
    expect(old).not.toHaveProperty('changes');
    expect(old).not.toHaveProperty('changeHeads');
    for (const s of [back.socket, v1]) s.close();
  });

  it('answers resync too_old when more changes were missed than a replay carries', async () => {
    const { url, app } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const m = await say(owner, room.id, 'much edited');
    // Writing the log directly is the quick way to be 1,001 changes behind.
    await app.ctx.db.updateTable('conversations').set({ last_change_seq: RESUME_MAX_PER_CONVERSATION + 1 }).where('id', '=', room.id).execute();
    const back = await Socket.connect2(url, b!.token, { [room.id]: m.seq }, { [room.id]: 0 });
    expect(back.welcome).toMatchObject({ resync: [{ conversationId: room.id, reason: 'too_old' }], changes: [] });
    expect(back.welcome.changeHeads![room.id]).toBe(RESUME_MAX_PER_CONVERSATION + 1);
    back.socket.close();
  });

  it('fills a hole in the live changes from the database, so a socket never sees them out of order', async () => {
    const { url, app } = await server();
    const { owner, members: [b], room } = await roomWith(url);
    const s = (await Socket.connect2(url, b!.token)).socket;
    const m = await say(owner, room.id, 'x');
    const path = `/api/conversations/${room.id}/messages/${m.id}`;
    // Change 1 is committed but its event is held back, as when another node's event is late.
    const bus = app.ctx.bus;
    const held: Parameters<typeof bus.publish>[0][] = [];
    const publish = bus.publish.bind(bus);
    bus.publish = (event) => {
      if (event.to === 'conversation' && event.frame?.type === 'message_change' && event.frame.change.changeSeq === 1) held.push(event);
      else publish(event);
    };
    try {
      await owner.api.call('PATCH', path, { body: 'one' });
      await owner.api.call('PATCH', path, { body: 'two' });
      await eventually(() => s.changes().length === 2);
      expect(s.changes().map((c) => c.changeSeq)).toEqual([1, 2]);
      for (const e of held) publish(e);
      await say(owner, room.id, 'after');
      await s.next((f) => f.type === 'message' && f.message.body === 'after');
      expect(s.changes().map((c) => c.changeSeq)).toEqual([1, 2]);
    } finally {
      bus.publish = publish;
    }
    s.close();
  });
});
