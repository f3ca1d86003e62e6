import { z } from 'zod';
import { Id, Timestamp } from './common';
import { PinInfo, Reaction } from './message-parts';

/**
 * One row of a conversation's change log: something happened to a message that already exists.
 * `changeSeq` is gapless and strictly increasing per conversation (its own counter, apart from
 * message sequences). Each change carries the resulting state of what it changed, not a delta, so
 * applying a change twice, or a replay after a live copy, leaves the same state.
 */
const base = {
  conversationId: Id,
  changeSeq: z.number().int().positive(),
  messageId: Id,
  /** The changed message's sequence. */
  seq: z.number().int().positive(),
  at: Timestamp,
  /** Who made the change (for a deletion by an administrator: that administrator). */
  actor: z.object({ id: Id, username: z.string(), deleted: z.boolean().optional() }),
};

export const EditChange = z.object({ ...base, kind: z.literal('edit'), body: z.string(), editedAt: Timestamp });
/** The message is gone: text, files, reactions and pin with it; the sequence stays. */
export const DeleteChange = z.object({ ...base, kind: z.literal('delete') });
/** `reactions`: the message's whole list after the change; `emoji` is what the actor added or removed. */
export const ReactChange = z.object({ ...base, kind: z.literal('react'), emoji: z.string(), reactions: z.array(Reaction) });
export const UnreactChange = z.object({ ...base, kind: z.literal('unreact'), emoji: z.string(), reactions: z.array(Reaction) });
export const PinChange = z.object({ ...base, kind: z.literal('pin'), pinned: PinInfo });
export const UnpinChange = z.object({ ...base, kind: z.literal('unpin') });

export const MessageChange = z.discriminatedUnion('kind', [EditChange, DeleteChange, ReactChange, UnreactChange, PinChange, UnpinChange]);
export type MessageChange = z.infer<typeof MessageChange>;
export type MessageChangeKind = MessageChange['kind'];
export const MESSAGE_CHANGE_KINDS = MessageChange.options.map((o) => o.shape.kind.value);

/** Live copy of one change, to sockets that said hello with protocol 2. */
export const MessageChangeEvent = z.object({ type: z.literal('message_change'), change: MessageChange });
