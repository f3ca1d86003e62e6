import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { copyText } from '../../lib/clipboard';
import { ActionFailure, type MessageActionHandlers } from '../../lib/message-actions';

/** What the actions of today do. Reply, react, edit, forward and pin add their handler here. */
export function useMessageHandlers(me: Me): MessageActionHandlers {
  const client = useClient();
  const { t } = useTranslation();
  return useMemo<MessageActionHandlers>(
    () => ({
      copy: async (message) => {
        try {
          await copyText(message.body);
        } catch {
          throw new ActionFailure(t('messageActions.copyFailed'));
        }
        return t('messageActions.copied');
      },
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
    [client, t, me.isAdmin],
  );
}
