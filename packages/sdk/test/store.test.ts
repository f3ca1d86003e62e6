import { describe, expect, it } from 'vitest';
import { ChatStore } from '../src/store';
import { conv, msg, range, seqs } from './fixtures';

const tick = () => new Promise<void>((r) => queueMicrotask(r));

describe('ChatStore', () => {
  it('replaces the snapshot object on change and keeps it identical otherwise', () => {
    const store = new ChatStore();
    const a = store.getSnapshot();
    expect(store.getSnapshot()).toBe(a);
    store.upsertConversation(conv('c1', 0));
    const b = store.getSnapshot();
    expect(b).not.toBe(a);
    expect(store.getSnapshot()).toBe(b);
    expect(a.conversations).toEqual([]);
  });

  it('copies only the conversation that changed', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('c1', 0));
    store.upsertConversation(conv('c2', 0));
    store.applyMessage(msg('c1', 1));
    store.applyMessage(msg('c2', 1));
    const before = store.getSnapshot();
    store.applyMessage(msg('c1', 2));
    const after = store.getSnapshot();
    expect(after.messages.c2).toBe(before.messages.c2);
    expect(after.messages.c1).not.toBe(before.messages.c1);
    expect(seqs(before.messages.c1!)).toEqual([1]);
    expect(seqs(after.messages.c1!)).toEqual([1, 2]);
  });

  it('notifies once per burst of changes', async () => {
    const store = new ChatStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.upsertConversation(conv('c1', 0));
    for (const m of range('c1', 1, 500)) store.applyMessage(m);
    await tick();
    expect(calls).toBe(1);
    expect(store.getSnapshot().messages.c1).toHaveLength(500);
    off();
    store.applyMessage(msg('c1', 501));
    await tick();
    expect(calls).toBe(1);
  });

  it('sorts conversations by last activity, newest first, and moves one up on a new message', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('old', 0, 10));
    store.upsertConversation(conv('new', 0, 20));
    expect(store.getSnapshot().conversations.map((c) => c.id)).toEqual(['new', 'old']);
    store.applyMessage(msg('old', 1, { createdAt: 99 }));
    const s = store.getSnapshot();
    expect(s.conversations.map((c) => c.id)).toEqual(['old', 'new']);
    expect(s.conversations[0]!.lastSeq).toBe(1);
    expect(s.conversations[0]!.lastMessage?.seq).toBe(1);
  });

  it('starts a listed conversation caught up to its lastSeq and reports a gap when the server is ahead', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('c', 7));
    expect(store.cursors()).toEqual({ c: 7 });
    expect(store.getSnapshot().hasMoreBefore.c).toBe(true);
    expect(store.upsertConversation(conv('c', 9)).gap).toBe(true);
    expect(store.applyMessage(msg('c', 9)).gap).toBe(true);
    expect(store.hasGaps()).toBe(true);
    expect(seqs(store.applyMessage(msg('c', 8)).applied)).toEqual([8, 9]);
    expect(store.hasGaps()).toBe(false);
  });

  it('never lets a stale conversation copy lower lastSeq', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('c', 0));
    store.applyMessage(msg('c', 1));
    store.upsertConversation(conv('c', 0));
    expect(store.getSnapshot().conversations[0]!.lastSeq).toBe(1);
  });

  it('a message for an unknown conversation starts its log there', () => {
    const store = new ChatStore();
    expect(seqs(store.applyMessage(msg('x', 42)).applied)).toEqual([42]);
    expect(store.cursor('x')).toBe(42);
    expect(store.getSnapshot().hasMoreBefore.x).toBe(true);
  });

  it('replaceConversations drops only the candidates missing from the list', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('a', 0));
    store.upsertConversation(conv('b', 0));
    const r = store.replaceConversations([conv('a', 0), conv('c', 3)], ['a', 'b']);
    expect(r.added).toEqual(['c']);
    expect(store.conversationIds().sort()).toEqual(['a', 'c']);
    expect(store.getSnapshot().cursors).toEqual({ a: 0, c: 3 });
  });

  it('keeps pending messages per conversation and removes them', () => {
    const store = new ChatStore();
    store.putPending({ clientMsgId: 'abcdefgh1', conversationId: 'c', body: 'hi', createdAt: 1, state: 'sending' });
    store.putPending({ clientMsgId: 'abcdefgh2', conversationId: 'c', body: 'yo', createdAt: 2, state: 'sending' });
    store.putPending({ clientMsgId: 'abcdefgh1', conversationId: 'c', body: 'hi', createdAt: 1, state: 'failed' });
    expect(store.getSnapshot().pending.c!.map((p) => [p.clientMsgId, p.state])).toEqual([
      ['abcdefgh2', 'sending'],
      ['abcdefgh1', 'failed'],
    ]);
    store.removePending('c', 'abcdefgh2');
    store.removePending('c', 'abcdefgh1');
    expect(store.getSnapshot().pending.c).toBeUndefined();
  });

  it('forgets a removed conversation entirely and resets', () => {
    const store = new ChatStore();
    store.upsertConversation(conv('c', 0));
    store.applyMessage(msg('c', 1));
    store.removeConversation('c');
    const s = store.getSnapshot();
    expect(s.conversations).toEqual([]);
    expect(s.messages.c).toBeUndefined();
    expect(s.cursors.c).toBeUndefined();
    store.setPresence({ userId: 'u', online: true, lastSeenAt: null });
    store.reset();
    expect(store.getSnapshot().presence).toEqual({});
  });
  it('totals unread messages and mentions of me across conversations, and a read clears its share', () => {
    const store = new ChatStore();
    store.selfId = () => 'me';
    store.upsertConversation(conv('a', 0));
    store.upsertConversation(conv('b', 0));
    expect(store.getSnapshot()).toMatchObject({ unreadTotal: 0, mentionTotal: 0 });
    store.applyMessage(msg('a', 1, { mentions: ['me'] }));
    store.applyMessage(msg('a', 2));
    store.applyMessage(msg('b', 1, { mentionsRoom: true }));
    store.applyMessage(msg('b', 2, { mentions: ['someone-else'] }));
    store.applyMessage(msg('b', 3, { sender: { id: 'me', username: 'me' }, mentions: ['me'] }));
    expect(store.getSnapshot()).toMatchObject({ unreadTotal: 4, mentionTotal: 2 });
    store.setRead('a', 2, null);
    expect(store.getSnapshot()).toMatchObject({ unreadTotal: 2, mentionTotal: 1 });
    store.removeConversation('b');
    expect(store.getSnapshot()).toMatchObject({ unreadTotal: 0, mentionTotal: 0 });
  });
});
