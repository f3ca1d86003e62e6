import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/useNow';
import { useSnapshot } from '../hooks/useSnapshot';
import { useStatus } from '../hooks/useStatus';
import { latestMessage } from '../lib/conversation';
import { ConversationListItem } from './ConversationListItem';

export function ConversationList({
  meId,
  activeId,
  onOpen,
  onFindFriend,
  onBrowse,
}: {
  meId: string;
  activeId: string | null;
  onOpen: (id: string) => void;
  onFindFriend: () => void;
  onBrowse: () => void;
}) {
  const { t } = useTranslation();
  const snapshot = useSnapshot();
  const now = useNow();
  const status = useStatus();
  const conversations = snapshot.conversations;

  if (conversations.length === 0 && (status === 'idle' || status === 'connecting')) {
    return <ListSkeleton label={t('comfort.loadingList')} />;
  }
  if (conversations.length === 0) {
    return (
      <div className="list-empty empty-start">
        <h2 className="empty-title">{t('comfort.emptyTitle')}</h2>
        <p>{t('comfort.emptyText')}</p>
        <div className="empty-actions">
          <button type="button" className="button primary" onClick={onFindFriend}>
            {t('comfort.emptyFind')}
          </button>
          <button type="button" className="button" onClick={onBrowse}>
            {t('comfort.emptyBrowse')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <nav className="conversation-list" aria-label={t('nav.conversations')}>
      <ul>
        {conversations.map((c) => (
          <li key={c.id}>
            <ConversationListItem
              conversation={c}
              meId={meId}
              latest={latestMessage(c, snapshot.messages[c.id])}
              peerOnline={c.peer ? (snapshot.presence[c.peer.id]?.online ?? false) : false}
              active={c.id === activeId}
              now={now}
              onOpen={onOpen}
            />
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Rows where the list will be, while the first answer is on its way. */
export function ListSkeleton({ label, rows = 6 }: { label: string; rows?: number }) {
  return (
    <div className="list-skeleton" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-item">
          <span className="skeleton-avatar" />
          <span className="skeleton-lines">
            <span className="skeleton-line" />
            <span className="skeleton-line short" />
          </span>
        </div>
      ))}
    </div>
  );
}
