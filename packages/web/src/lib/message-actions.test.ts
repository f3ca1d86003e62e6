import { describe, expect, it } from 'vitest';
import type { Conversation, Me, Message } from '@natter/protocol';
import { availableActions, type MessageActionHandlers } from './message-actions';

const me = { id: 'u1', username: 'maria', isAdmin: false } as Me;
const admin = { ...me, isAdmin: true } as Me;
const msg = (over: Partial<Message> = {}) => ({ id: 'm1', conversationId: 'c1', seq: 1, body: 'hello', attachments: [], sender: { id: 'u1', username: 'maria' }, ...over }) as Message;
const all: MessageActionHandlers = { copy: () => undefined, delete: () => undefined, adminDelete: () => undefined };
const ids = (...args: Parameters<typeof availableActions>) => availableActions(...args).map((a) => a.id);

describe('availableActions', () => {
  it('offers copy and delete on my own message, and no administrator delete', () => {
    expect(ids({ message: msg(), me: admin, mine: true }, all)).toEqual(['copy', 'delete']);
  });

  it("offers an administrator delete on others' messages to administrators only", () => {
    expect(ids({ message: msg(), me, mine: false }, all)).toEqual(['copy']);
    expect(ids({ message: msg(), me: admin, mine: false }, all)).toEqual(['copy', 'adminDelete']);
  });

  it('offers nothing on a deleted message, and no copy without text', () => {
    expect(ids({ message: msg({ deleted: true }), me: admin, mine: true }, all)).toEqual([]);
    expect(ids({ message: msg({ body: '  ' }), me, mine: true }, all)).toEqual(['delete']);
  });

  it('never shows an action the screen has no handler for', () => {
    expect(ids({ message: msg(), me: admin, mine: false }, { copy: all.copy })).toEqual(['copy']);
    expect(ids({ message: msg(), me, mine: true }, {})).toEqual([]);
  });

  it('offers edit on my message while the edit window is open, and versions once edited', () => {
    const tools: MessageActionHandlers = { ...all, edit: () => undefined, versions: () => undefined };
    const sentAt = 1_000_000;
    const m = msg({ createdAt: sentAt });
    expect(ids({ message: m, me, mine: true, editWindowMinutes: 0, now: sentAt + 1e9 }, tools)).toContain('edit');
    expect(ids({ message: m, me, mine: true, editWindowMinutes: 5, now: sentAt + 4 * 60_000 }, tools)).toContain('edit');
    expect(ids({ message: m, me, mine: true, editWindowMinutes: 5, now: sentAt + 6 * 60_000 }, tools)).not.toContain('edit');
    expect(ids({ message: m, me, mine: false }, tools)).not.toContain('edit');
    expect(ids({ message: msg({ editedAt: 5 }), me, mine: false }, tools)).not.toContain('versions');
    expect(ids({ message: msg({ editedAt: 5 }), me: admin, mine: false }, tools)).toContain('versions');
  });

  it('offers pin to room owners and moderators and to both people of a DM', () => {
    const tools: MessageActionHandlers = { pin: () => undefined, unpin: () => undefined };
    const room = (myRole: Conversation['myRole']) => ({ kind: 'room', myRole }) as Conversation;
    expect(ids({ message: msg(), me, mine: false, conversation: room('member') }, tools)).toEqual([]);
    expect(ids({ message: msg(), me, mine: false, conversation: room('moderator') }, tools)).toEqual(['pin']);
    expect(ids({ message: msg({ pinned: { by: { id: 'u2', username: 'x' }, at: 1 } }), me, mine: false, conversation: { kind: 'dm', myRole: 'member' } as Conversation }, tools)).toEqual(['unpin']);
  });
});
