import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Me } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { useSnapshot } from '../hooks/useSnapshot';
import { conversationTitle } from '../lib/conversation';
import { errorText } from '../lib/errors';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import { RoomInfoPanel } from './RoomInfoPanel';
import { TypingLine } from './social/TypingLine';
import { useMarkRead } from '../hooks/useMarkRead';
import { setPageTitle } from '../lib/title';

export function ConversationView({
  conversationId,
  me,
  onBack,
  onLeft,
}: {
  conversationId: string;
  me: Me;
  onBack: () => void;
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const snapshot = useSnapshot();
  const [fetched, setFetched] = useState<Conversation | null>(null);
  const listed = snapshot.conversations.find((c) => c.id === conversationId) ?? null;
  const conversation = listed ?? fetched;
  const [loadError, setLoadError] = useState<string | null>(null);
  const [showInfo, setShowInfo] = useState(false);
  const known = listed !== null;

  // A link to a conversation the list has not loaded yet (or never will: not a member).
  useEffect(() => {
    if (known) return;
    let cancelled = false;
    client.getConversation(conversationId).then(
      (c) => {
        if (!cancelled) setFetched(c);
      },
      (err: unknown) => {
        if (!cancelled) setLoadError(errorText(err, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, conversationId, known, t]);

  const pageTitle = conversation ? conversationTitle(conversation, t) : null;
  useEffect(() => {
    const app = t('app.name');
    setPageTitle(pageTitle ? `${pageTitle} · ${app}` : app);
    return () => {
      setPageTitle(app);
    };
  }, [pageTitle, t]);
  useMarkRead(conversation);

  if (!conversation) {
    return (
      <section className="conversation">
        <ConversationHeader title="" onBack={onBack} />
        <div className="placeholder" role={loadError ? 'alert' : 'status'}>
          <p>{loadError ? t('conversation.notFound') : t('app.loading')}</p>
          {loadError && (
            <button type="button" className="button" onClick={onBack}>
              {t('nav.back')}
            </button>
          )}
        </div>
      </section>
    );
  }

  const title = conversationTitle(conversation, t);
  const peerOnline = conversation.peer ? (snapshot.presence[conversation.peer.id]?.online ?? false) : undefined;
  return (
    <section className="conversation" aria-label={title}>
      <ConversationHeader
        title={title}
        conversation={conversation}
        peerOnline={peerOnline}
        infoOpen={showInfo}
        onToggleInfo={conversation.kind === 'room' ? () => setShowInfo((v) => !v) : undefined}
        onBack={onBack}
      />
      <div className="conversation-body">
        <div className="conversation-main">
          <MessageList conversation={conversation} me={me} />
          <TypingLine conversationId={conversation.id} />
          <Composer conversationId={conversation.id} title={conversation.kind === 'room' ? `#${title}` : title} />
        </div>
        {showInfo && conversation.kind === 'room' && (
          <RoomInfoPanel conversation={conversation} onClose={() => setShowInfo(false)} onLeft={onLeft} />
        )}
      </div>
    </section>
  );
}
