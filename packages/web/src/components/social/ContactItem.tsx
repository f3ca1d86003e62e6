import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { Avatar } from '../Avatar';

/** A friend: presence, last seen, and message / remove / block. */
export function ContactItem({ contact, now, onOpen }: { contact: Contact; now: number; onOpen: (conversationId: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [menu, setMenu] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = contact.user.username;
  const status = contact.online
    ? t('social.online')
    : contact.lastSeenAt
      ? t('social.lastSeen', { when: formatRelative(contact.lastSeenAt, now, i18n.language, t) })
      : t('social.offline');

  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <li className="person contact">
      <button
        type="button"
        className="person-main"
        aria-label={t('social.messageNamed', { name, status })}
        onClick={() => act(async () => onOpen((await client.openDm(name)).id))}
      >
        <Avatar name={name} online={contact.online} />
        <span className="person-text">
          <span className="person-name">{name}</span>
          <span className={contact.online ? 'person-sub online' : 'person-sub'}>{status}</span>
        </span>
      </button>
      <button
        type="button"
        className="button small ghost"
        aria-expanded={menu}
        aria-label={t('social.moreFor', { name })}
        onClick={() => setMenu((v) => !v)}
      >
        ⋯
      </button>
      {menu && (
        <div className="person-menu">
          <button type="button" className="button small ghost" onClick={() => act(() => client.social.removeFriend(contact.user.id))}>
            {t('social.remove')}
          </button>
          <button type="button" className="button small danger" onClick={() => act(() => client.social.block(contact.user))}>
            {t('social.block')}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
