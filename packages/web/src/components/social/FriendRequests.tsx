import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { useContacts } from '../../hooks/useContacts';
import { errorText } from '../../lib/errors';
import { Avatar } from '../Avatar';

/** Requests to me (accept, decline) and from me (cancel). */
export function FriendRequests({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const { incoming, outgoing } = useContacts();
  const [error, setError] = useState<string | null>(null);
  /** Accepted here: who, and the conversation to offer, without leaving what the person was doing. */
  const [accepted, setAccepted] = useState<{ name: string; conversationId: string } | null>(null);

  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch((err: unknown) => setError(errorText(err, t)));
  };

  const acceptedNote = accepted && (
    <div className="accepted-note" role="status">
      <span>{t('comfort.accepted', { name: accepted.name })}</span>
      <button
        type="button"
        className="button small primary"
        onClick={() => {
          setAccepted(null);
          onOpen(accepted.conversationId);
        }}
      >
        {t('comfort.sendMessage')}
      </button>
    </div>
  );
  if (incoming.length === 0 && outgoing.length === 0) return acceptedNote || null;
  return (
    <section className="panel-section" aria-labelledby="requests-title">
      <h2 id="requests-title" className="panel-title">
        {t('social.requests')}
      </h2>
      <ul className="people-list">
        {incoming.map((r) => (
          <li key={r.id} className="person request">
            <Avatar name={r.from.username} />
            <span className="person-text">
              <span className="person-name">{r.from.username}</span>
              {r.message && <span className="person-sub request-note">“{r.message}”</span>}
            </span>
            <span className="person-actions">
              <button
                type="button"
                className="button small primary"
                aria-label={t('social.acceptNamed', { name: r.from.username })}
                onClick={() =>
                  act(async () => {
                    const { conversation } = await client.social.acceptFriendRequest(r.id);
                    setAccepted({ name: r.from.username, conversationId: conversation.id });
                  })
                }
              >
                {t('social.accept')}
              </button>
              <button
                type="button"
                className="button small ghost"
                aria-label={t('social.declineNamed', { name: r.from.username })}
                onClick={() => act(() => client.social.declineFriendRequest(r.id))}
              >
                {t('social.decline')}
              </button>
            </span>
          </li>
        ))}
        {outgoing.map((r) => (
          <li key={r.id} className="person request">
            <Avatar name={r.to.username} />
            <span className="person-text">
              <span className="person-name">{r.to.username}</span>
              <span className="person-sub">{t('social.waiting')}</span>
            </span>
            <button type="button" className="button small ghost" onClick={() => act(() => client.social.cancelFriendRequest(r.id))}>
              {t('social.cancelRequest')}
            </button>
          </li>
        ))}
      </ul>
      {acceptedNote}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
