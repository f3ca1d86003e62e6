import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@natter/protocol';
import { ClientContext } from '../../hooks/useClient';
import { DeleteMessageButton } from '../DeleteMessageButton';

/** Lets a sender take back their own message (and its files) for everyone. */
export function DeleteOwnMessage({ message }: { message: Message }) {
  const { t } = useTranslation();
  // Read without throwing: a message rendered outside a signed-in app (a preview) offers no delete.
  const client = useContext(ClientContext);
  if (message.deleted || !client) return null;
  return (
    <DeleteMessageButton
      label={t('files.deleteMessage')}
      confirm={t('files.deleteConfirm')}
      remove={() => client.deleteMessage(message.conversationId, message.id)}
    />
  );
}
