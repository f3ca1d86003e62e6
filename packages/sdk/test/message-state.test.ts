import type { MessageChange } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { ChatStore } from '../src/index';
import { conv, msg } from './fixtures';

const actor = { id: 'u1', username: 'ann' };
const edit = (changeSeq: number, body: string): MessageChange => ({ kind: 'edit', conversationId: 'c', changeSeq, messageId: 'c-m2', seq: 2, at: changeSeq, actor, body, editedAt: changeSeq });

describe('applying changes in the store', () => {
  it('is idempotent, never goes back to an older state, and keeps the newer copy from a REST page', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('c', 0));
    store.mergeLatestPage('c', [msg('c', 1), msg('c', 2), msg('c', 3, { replyTo: { messageId: 'c-m2', seq: 2, sender: actor, excerpt: 'old', hasAttachments: false, deleted: false } })], false);
    expect(store.applyChange(edit(1, 'first'))?.body).toBe('first');
    expect(store.applyChange(edit(2, 'second\nline'))?.body).toBe('second\nline');
    // A replay of change 1 after change 2 changes nothing.
    expect(store.applyChange(edit(1, 'first'))).toBeNull();
    const held = () => store.getSnapshot().messages.c!;
    expect(held()[1]).toMatchObject({ body: 'second\nline', changeSeq: 2 });
    expect(held()[2]!.replyTo).toMatchObject({ excerpt: 'second' });
    // A REST page read before change 2 does not undo it; one read after a later change wins.
    store.mergeLatestPage('c', [msg('c', 2, { body: 'first', changeSeq: 1 })], false);
    expect(held()[1]!.body).toBe('second\nline');
    store.mergeLatestPage('c', [msg('c', 2, { body: 'third', changeSeq: 3 })], false);
    expect(held()[1]!.body).toBe('third');
    store.applyChange({ kind: 'delete', conversationId: 'c', changeSeq: 4, messageId: 'c-m2', seq: 2, at: 4, actor });
    expect(held()[1]).toMatchObject({ deleted: true, body: '' });
    expect(held()[2]!.replyTo).toMatchObject({ deleted: true, excerpt: '' });
    // An edit that arrives after the deletion (impossible in order, but replayed) never revives it.
    expect(store.applyChange(edit(5, 'back'))).toBeNull();
  });
});
