import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@natter/protocol';
import { ClientContext } from '../../hooks/useClient';
import { DeleteMessageButton } from '../DeleteMessageButton';

/** Shown to administrators under every message: removes it for everyone (recorded in the audit log). */
export function AdminDeleteButton({ message }: { message: Message }) {
  const { t } = useTranslation();
  // Read without throwing, like the sender's own delete: previews outside the app offer none.
  const client = useContext(ClientContext);
  if (message.deleted || !client) return null;
  return (
    <DeleteMessageButton
      label={t('admin.deleteMessage')}
      confirm={t('admin.deleteConfirm')}
      remove={() => client.request('adminDeleteMessage', { params: { messageId: message.id } })}
    />
  );
}
