import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, AuditEntry } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { userName } from '../../lib/conversation';
import { errorText } from '../../lib/errors';
import { formatFullDateTime } from '../../lib/format';
import { EditWindowSetting } from './EditWindowSetting';
import '../../styles/conversation-tools.css';

/** Administrators only: find users, ban or unban them, and see what administrators did. */
export function AdminSection() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (q: string) => {
      client.request('adminListUsers', { query: q ? { q } : {} }).then((r) => setUsers(r.users), (err: unknown) => setError(errorText(err, t)));
      client.request('auditLog', { query: { limit: 20 } }).then((r) => setAudit(r.entries), (err: unknown) => setError(errorText(err, t)));
    },
    [client, t],
  );
  useEffect(() => load(''), [load]);

  async function act(user: AdminUser) {
    setError(null);
    try {
      if (user.bannedAt === null) await client.request('banUser', { params: { userId: user.id }, body: { reason } });
      else await client.request('unbanUser', { params: { userId: user.id } });
      load(query);
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <section className="panel-section" aria-labelledby="admin-title">
      <h2 id="admin-title" className="panel-title">
        {t('admin.title')}
      </h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          load(query.trim());
        }}
      >
        <input type="search" value={query} maxLength={64} aria-label={t('admin.search')} placeholder={t('admin.search')} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" className="button small">
          {t('admin.find')}
        </button>
      </form>
      <input className="note-input" value={reason} maxLength={500} aria-label={t('admin.reason')} placeholder={t('admin.reason')} onChange={(e) => setReason(e.target.value)} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {users && (
        <ul className="people-list" aria-label={t('admin.users')}>
          {users.filter((u) => !u.deleted).map((u) => (
            <li key={u.id} className="person">
              <span className="person-text">
                <span className="person-name">{u.username}</span>
                <span className="person-sub">{u.isAdmin ? t('admin.isAdmin') : u.bannedAt !== null ? t('admin.bannedSince', { when: formatFullDateTime(u.bannedAt, i18n.language) }) : ''}</span>
              </span>
              {!u.isAdmin && (
                <button type="button" className="button small ghost" onClick={() => void act(u)}>
                  {u.bannedAt === null ? t('admin.ban') : t('admin.unban')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <EditWindowSetting />
      <h3 className="panel-title">{t('admin.audit')}</h3>
      {audit.length === 0 ? (
        <p className="list-empty">{t('admin.auditEmpty')}</p>
      ) : (
        <ul className="people-list" aria-label={t('admin.audit')}>
          {audit.map((e) => (
            <li key={e.id} className="person audit-entry">
              <span className="person-text">
                <span className="person-name">
                  {t(`admin.action.${e.action}`, { actor: userName(e.actor, t), target: e.targetUser ? userName(e.targetUser, t) : '' })}
                </span>
                <span className="person-sub">
                  {formatFullDateTime(e.createdAt, i18n.language)}
                  {e.action !== 'delete_message' && e.detail ? ` · ${e.detail}` : ''}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
