import { describe, expect, it } from 'vitest';
import type { Me, Message } from '@natter/protocol';
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
});
