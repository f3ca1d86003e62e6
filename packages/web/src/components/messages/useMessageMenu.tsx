import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Me, Message } from '@natter/protocol';
import { errorText } from '../../lib/errors';
import { ActionFailure, availableActions, type MessageAction, type MessageActionHandlers, type MessageActionId } from '../../lib/message-actions';
import { MessageActionsMenu } from './MessageActionsMenu';

/** What the last action said about its message: a failure, or a short confirmation ("Copied"). */
export interface MessageNotice {
  messageId: string;
  kind: 'error' | 'status';
  text: string;
}

interface OpenMenu {
  message: Message;
  actions: MessageAction[];
  anchor: HTMLElement;
  /** The message element, focused again when the menu is left with the keyboard. */
  owner: HTMLElement;
  sheet: boolean;
}

const STATUS_MS = 2500;
const PHONE = '(max-width: 767.98px)';

/**
 * One actions menu for the whole list (only one is ever open, and it outlives the row it came from
 * scrolling away), the running of the chosen action, and the notice it leaves on its message.
 */
export function useMessageMenu(me: Me, handlers: MessageActionHandlers, where: { conversation?: Conversation; editWindowMinutes?: number | undefined } = {}) {
  const { conversation, editWindowMinutes } = where;
  const { t } = useTranslation();
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const [notice, setNotice] = useState<MessageNotice | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (noticeTimer.current) clearTimeout(noticeTimer.current);
    },
    [],
  );

  const actionsFor = useCallback(
    (message: Message, mine: boolean) => availableActions({ message, me, mine, conversation, editWindowMinutes }, handlers),
    [me, handlers, conversation, editWindowMinutes],
  );

  const menuRef = useRef(menu);
  useLayoutEffect(() => {
    menuRef.current = menu;
  });

  const open = useCallback(
    (message: Message, mine: boolean, anchor: HTMLElement, owner: HTMLElement) => {
      // The button of the open menu again: a toggle.
      if (menuRef.current?.message.id === message.id) return setMenu(null);
      const actions = availableActions({ message, me, mine, conversation, editWindowMinutes }, handlers);
      setMenu(actions.length > 0 ? { message, actions, anchor, owner, sheet: window.matchMedia(PHONE).matches } : null);
    },
    [me, handlers, conversation, editWindowMinutes],
  );

  const close = useCallback((refocus: boolean) => {
    const current = menuRef.current;
    setMenu(null);
    if (refocus && current?.owner.isConnected) current.owner.focus();
  }, []);

  const show = useCallback((next: MessageNotice | null) => {
    if (noticeTimer.current) clearTimeout(noticeTimer.current);
    setNotice(next);
    if (next?.kind === 'status') noticeTimer.current = setTimeout(() => setNotice(null), STATUS_MS);
  }, []);

  const choose = async (id: MessageActionId) => {
    if (!menu) return;
    const { message, actions, owner } = menu;
    const action = actions.find((a) => a.id === id);
    const handler = handlers[id];
    close(true);
    if (!action || !handler) return;
    if (action.confirm && !window.confirm(t(action.confirm))) return;
    try {
      const said = await handler(message);
      show(said ? { messageId: message.id, kind: 'status', text: said } : null);
    } catch (err) {
      show({ messageId: message.id, kind: 'error', text: err instanceof ActionFailure ? err.message : errorText(err, t) });
      if (owner.isConnected) owner.focus();
    }
  };

  const element = menu && (
    <MessageActionsMenu actions={menu.actions} anchor={menu.anchor} sheet={menu.sheet} onChoose={(id) => void choose(id)} onClose={close} />
  );

  return { actionsFor, open, openFor: menu?.message.id ?? null, notice, show, element };
}
