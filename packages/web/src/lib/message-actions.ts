import type { Conversation, Me, Message } from '@natter/protocol';

/**
 * What can be done to one message, as data: the menu (hover, keyboard, long-press) shows every action
 * whose condition holds for this message and reader AND whose handler the screen provides. An action
 * without a handler is never shown, so a feature appears in the menu the moment its screen wires it.
 *
 * To add one: add its id to `MessageActionId`, a row to
 * `MESSAGE_ACTIONS` (in menu order) with its condition, its label in `messageActions` (both
 * languages) and an icon in `components/messages/ActionIcons.tsx`; then pass its handler from
 * `MessageList`. The condition only says whether it applies (ownership, roles, deleted…); what it
 * does lives in the handler.
 */
export type MessageActionId = 'reply' | 'react' | 'edit' | 'copy' | 'forward' | 'pin' | 'unpin' | 'versions' | 'delete' | 'adminDelete';

/** What a condition may look at. Grows with the features (the conversation, my role in it, limits). */
export interface MessageActionContext {
  message: Message;
  me: Me;
  /** Sent by me. */
  mine: boolean;
  /** The conversation it is in (my role, room or DM); absent: actions that need it are not offered. */
  conversation?: Conversation | undefined;
  /** The server's edit window in minutes (0: no limit); absent: not known yet, the server decides. */
  editWindowMinutes?: number | undefined;
  /** The clock, for the edit window. */
  now?: number;
}

/** Owners and moderators pin in rooms; either person in a direct conversation (as the server rules). */
export function canPin(conversation: Conversation | undefined): boolean {
  if (!conversation) return false;
  return conversation.kind === 'dm' || conversation.myRole === 'owner' || conversation.myRole === 'moderator';
}

/** Whether the edit window (if any) is still open for a message sent at `createdAt`. */
export function editWindowOpen(createdAt: number, windowMinutes: number | undefined, now: number): boolean {
  return !windowMinutes || now - createdAt < windowMinutes * 60_000;
}

/** Runs an action. A returned sentence is shown briefly on the message ("Copied"). */
export type MessageActionHandler = (message: Message) => Promise<string | void> | string | void;

/** Thrown by a handler with a sentence for the reader; other errors are described by their code. */
export class ActionFailure extends Error {}
export type MessageActionHandlers = Partial<Record<MessageActionId, MessageActionHandler>>;

export interface MessageAction {
  id: MessageActionId;
  /** i18n key of the label. */
  label: string;
  /** i18n key of a question asked before it runs. */
  confirm?: string;
  /** Shown in the danger colour (and last). */
  danger?: boolean;
  when: (ctx: MessageActionContext) => boolean;
}

const hasText = (m: Message) => !m.deleted && m.body.trim() !== '';

const live = (m: Message) => !m.deleted;

export const MESSAGE_ACTIONS: readonly MessageAction[] = [
  { id: 'reply', label: 'talk.reply', when: ({ message }) => live(message) },
  { id: 'react', label: 'talk.react', when: ({ message }) => live(message) },
  {
    id: 'edit',
    label: 'talk.edit',
    when: ({ message, mine, editWindowMinutes, now }) => mine && live(message) && editWindowOpen(message.createdAt, editWindowMinutes, now ?? Date.now()),
  },
  { id: 'copy', label: 'messageActions.copy', when: ({ message }) => hasText(message) },
  { id: 'forward', label: 'talk.forward', when: ({ message }) => live(message) },
  { id: 'pin', label: 'talk.pin', when: ({ message, conversation }) => live(message) && !message.pinned && canPin(conversation) },
  { id: 'unpin', label: 'talk.unpin', when: ({ message, conversation }) => live(message) && !!message.pinned && canPin(conversation) },
  { id: 'versions', label: 'talk.versions', when: ({ message, mine, me }) => live(message) && message.editedAt !== undefined && (mine || me.isAdmin) },
  {
    id: 'delete',
    label: 'files.deleteMessage',
    confirm: 'files.deleteConfirm',
    danger: true,
    when: ({ message, mine }) => mine && !message.deleted,
  },
  {
    id: 'adminDelete',
    label: 'admin.deleteMessage',
    confirm: 'admin.deleteConfirm',
    danger: true,
    when: ({ message, mine, me }) => !mine && me.isAdmin && !message.deleted,
  },
];

/** The actions to offer for this message, in menu order. */
export function availableActions(
  ctx: MessageActionContext,
  handlers: MessageActionHandlers,
  actions: readonly MessageAction[] = MESSAGE_ACTIONS,
): MessageAction[] {
  return actions.filter((a) => handlers[a.id] !== undefined && a.when(ctx));
}
