import { describe, expect, it } from 'vitest';
import { ChatStore } from '../src/index';
import { conv, msg } from './fixtures';

describe('unread counts in the store', () => {
  it('counts new messages from others past the read position, and clears on read', () => {
    const store = new ChatStore();
    store.selfId = () => 'me';
    store.upsertConversation({ ...conv('c1', 2), readSeq: 1, unreadCount: 1 });
    store.applyMessage(msg('c1', 3));
    store.applyMessage(msg('c1', 4, { sender: { id: 'me', username: 'me' } }));
    store.applyMessage(msg('c1', 3));
    const c = () => store.getSnapshot().conversations[0]!;
    expect(c()).toMatchObject({ lastSeq: 4, unreadCount: 2, readSeq: 1 });
    store.setRead('c1', 3, null);
    expect(c()).toMatchObject({ readSeq: 3, unreadCount: 2 });
    store.setRead('c1', 4, null);
    expect(c()).toMatchObject({ readSeq: 4, unreadCount: 0 });
    store.setRead('c1', 2, 5);
    expect(c()).toMatchObject({ readSeq: 4, unreadCount: 0 });
    // A stale copy from a slow answer does not bring old unread counts back.
    store.upsertConversation({ ...conv('c1', 4), readSeq: 1, unreadCount: 3 });
    expect(c()).toMatchObject({ readSeq: 4, unreadCount: 0 });
    store.setPeerRead('c1', 4);
    expect(c().peerReadSeq).toBe(4);
  });
});
