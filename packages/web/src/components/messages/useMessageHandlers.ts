import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, Message } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { copyText } from '../../lib/clipboard';
import { ActionFailure, type MessageActionHandlers } from '../../lib/message-actions';

/** What the screen around the list does for the actions that open something of its own. */
export interface ListTools {
  reply?: (message: Message) => void;
  react?: (message: Message) => void;
  edit?: (message: Message) => void;
  forward?: (message: Message) => void;
  versions?: (message: Message) => void;
}

/** What each action of the menu does; an action without a handler here is not offered. */
export function useMessageHandlers(me: Me, tools: ListTools = {}): MessageActionHandlers {
  const client = useClient();
  const { t } = useTranslation();
  const { reply, react, edit, forward, versions } = tools;
  return useMemo<MessageActionHandlers>(
    () => ({
      ...(reply ? { reply } : {}),
      ...(react ? { react } : {}),
      ...(edit ? { edit } : {}),
      copy: async (message) => {
        try {
          await copyText(message.body);
        } catch {
          throw new ActionFailure(t('messageActions.copyFailed'));
        }
        return t('messageActions.copied');
      },
      ...(forward ? { forward } : {}),
      pin: async (message) => {
        await client.pin(message.conversationId, message.id);
        return t('talk.pinned');
      },
      unpin: async (message) => {
        await client.unpin(message.conversationId, message.id);
      },
      ...(versions ? { versions } : {}),
      delete: (message) => client.deleteMessage(message.conversationId, message.id),
      // The server checks again; the menu only offers what this account may do.
      ...(me.isAdmin
        ? {
            adminDelete: async (message) => {
              await client.request('adminDeleteMessage', { params: { messageId: message.id } });
            },
          }
        : {}),
    }),
    [client, t, me.isAdmin, reply, react, edit, forward, versions],
  );
}
