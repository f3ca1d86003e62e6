import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { useContacts } from '../../hooks/useContacts';
import { useNow } from '../../hooks/useNow';
import { ListSkeleton } from '../ConversationList';
import { AddFriend } from './AddFriend';
import { ContactItem } from './ContactItem';
import { FriendRequests } from './FriendRequests';

export function ContactsPanel({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const { friends, blocked, loaded } = useContacts();
  const now = useNow(30_000);
  const online = friends.filter((f) => f.online).length;
  return (
    <div className="side-panel">
      <FriendRequests onOpen={onOpen} />
      <section className="panel-section" aria-labelledby="friends-title">
        <h2 id="friends-title" className="panel-title">
          {t('social.friends', { count: friends.length })}
          {friends.length > 0 && <span className="muted small"> · {t('social.onlineCount', { count: online })}</span>}
        </h2>
        {!loaded && friends.length === 0 ? (
          <ListSkeleton label={t('comfort.loadingContacts')} rows={3} />
        ) : friends.length === 0 ? (
          <p className="list-empty">{t('social.noFriends')}</p>
        ) : (
          <ul className="people-list" aria-label={t('social.contactList')}>
            {friends.map((c) => (
              <ContactItem key={c.user.id} contact={c} now={now} onOpen={onOpen} />
            ))}
          </ul>
        )}
      </section>
      <AddFriend />
      {blocked.length > 0 && (
        <section className="panel-section" aria-labelledby="blocked-title">
          <h2 id="blocked-title" className="panel-title">
            {t('social.blocked')}
          </h2>
          <ul className="people-list">
            {blocked.map((u) => (
              <li key={u.id} className="person">
                <span className="person-name">{u.username}</span>
                <button type="button" className="button small ghost" onClick={() => void client.social.unblock(u.id).catch(() => undefined)}>
                  {t('social.unblock')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
