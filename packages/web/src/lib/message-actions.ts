import type { Me, Message } from '@natter/protocol';

/**
 * What can be done to one message, as data: the menu (hover, keyboard, long-press) shows every action
 * whose condition holds for this message and reader AND whose handler the screen provides. An action
 * without a handler is never shown, so a feature appears in the menu the moment its screen wires it.
 *
 * To add one (reply, react, edit, forward, pin…): add its id to `MessageActionId`, a row to
 * `MESSAGE_ACTIONS` (in menu order) with its condition, its label in `messageActions` (both
 * languages) and an icon in `components/messages/ActionIcons.tsx`; then pass its handler from
 * `MessageList`. The condition only says whether it applies (ownership, roles, deleted…); what it
 * does lives in the handler.
 */
export type MessageActionId = 'copy' | 'delete' | 'adminDelete';

/** What a condition may look at. Grows with the features (the conversation, my role in it, limits). */
export interface MessageActionContext {
  message: Message;
  me: Me;
  /** Sent by me. */
  mine: boolean;
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

export const MESSAGE_ACTIONS: readonly MessageAction[] = [
  { id: 'copy', label: 'messageActions.copy', when: ({ message }) => hasText(message) },
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
