import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/useNow';
import { useSnapshot } from '../hooks/useSnapshot';
import { latestMessage } from '../lib/conversation';
import { ConversationListItem } from './ConversationListItem';

export function ConversationList({
  meId,
  activeId,
  onOpen,
}: {
  meId: string;
  activeId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const snapshot = useSnapshot();
  const now = useNow();
  const conversations = snapshot.conversations;

  if (conversations.length === 0) {
    return <p className="list-empty">{t('nav.empty')}</p>;
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
