import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { Avatar } from '../Avatar';

/** Find people by username (exact or prefix) and ask them to be friends, with an optional note. */
export function AddFriend() {
  const { t } = useTranslation();
  const client = useClient();
  const [q, setQ] = useState('');
  const [note, setNote] = useState('');
  const [results, setResults] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  async function search(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    setError(null);
    setSent(null);
    try {
      setResults(await client.social.searchUsers(q.trim()));
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  async function add(u: UserSummary) {
    setError(null);
    try {
      const r = await client.social.sendFriendRequest(u.user.username, note.trim());
      setSent('friend' in r ? t('social.nowFriends', { name: u.user.username }) : t('social.requestSent', { name: u.user.username }));
      setResults((list) => list?.map((x) => (x.user.id === u.user.id ? { ...x, relation: 'friend' in r ? 'friend' : 'request_sent' } : x)) ?? null);
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <section className="panel-section" aria-labelledby="add-friend-title">
      <h2 id="add-friend-title" className="panel-title">
        {t('social.addFriend')}
      </h2>
      <form className="inline-form" onSubmit={(e) => void search(e)} role="search">
        <label className="visually-hidden" htmlFor="friend-search">
          {t('social.searchLabel')}
        </label>
        <input id="friend-search" type="search" value={q} maxLength={64} placeholder={t('social.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="button small">
          {t('social.search')}
        </button>
      </form>
      {results && (
        <>
          <label className="visually-hidden" htmlFor="friend-note">
            {t('social.noteLabel')}
          </label>
          <input
            id="friend-note"
            className="note-input"
            value={note}
            maxLength={140}
            placeholder={t('social.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
          {results.length === 0 ? (
            <p className="list-empty">{t('social.noResults')}</p>
          ) : (
            <ul className="people-list" aria-label={t('social.results')}>
              {results.map((u) => (
                <li key={u.user.id} className="person">
                  <Avatar name={u.user.username} />
                  <span className="person-name">{u.user.username}</span>
                  {u.relation === 'none' ? (
                    <button type="button" className="button small primary" onClick={() => void add(u)} aria-label={t('social.addNamed', { name: u.user.username })}>
                      {t('social.add')}
                    </button>
                  ) : (
                    <span className="muted small">{t(`social.relation.${u.relation}`)}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {sent && (
        <p className="field-hint" role="status">
          {sent}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
