import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Me, Message } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { useSnapshot } from '../hooks/useSnapshot';
import { conversationTitle } from '../lib/conversation';
import { errorText } from '../lib/errors';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { ForwardDialog } from './conversation/ForwardDialog';
import { PinsPanel } from './conversation/PinsPanel';
import { useMembers } from './conversation/useMembers';
import { PinIcon } from './messages/ActionIcons';
import { MessageList } from './MessageList';
import { RoomInfoPanel } from './RoomInfoPanel';
import { TypingLine } from './social/TypingLine';
import { useMarkRead } from '../hooks/useMarkRead';
import { setPageTitle } from '../lib/title';

/** A message to show in the middle of its history when the conversation opens (a search result); `n` tells two asks apart. */
export interface OutsideJump {
  messageId: string;
  seq: number;
  n: number;
}

export function ConversationView({
  conversationId,
  me,
  onBack,
  onLeft,
  jumpTo,
}: {
  conversationId: string;
  me: Me;
  onBack: () => void;
  onLeft: () => void;
  jumpTo?: OutsideJump | null;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const snapshot = useSnapshot();
  const [fetched, setFetched] = useState<Conversation | null>(null);
  const listed = snapshot.conversations.find((c) => c.id === conversationId) ?? null;
  const conversation = listed ?? fetched;
  const [loadError, setLoadError] = useState<string | null>(null);
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

  // Keyed by conversation: a reply being written or a panel open does not follow the reader elsewhere.
  return <OpenConversation key={conversation.id} conversation={conversation} me={me} onBack={onBack} onLeft={onLeft} outsideJump={jumpTo ?? null} />;
}

type Panel = 'info' | 'pins' | null;

function OpenConversation({ conversation, me, onBack, onLeft, outsideJump }: { conversation: Conversation; me: Me; onBack: () => void; onLeft: () => void; outsideJump: OutsideJump | null }) {
  const { t } = useTranslation();
  const snapshot = useSnapshot();
  const members = useMembers(conversation, me);
  const [panel, setPanel] = useState<Panel>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [forwarding, setForwarding] = useState<Message | null>(null);
  const [forwardNote, setForwardNote] = useState<string | null>(null);
  const [jump, setJump] = useState<{ messageId: string; seq: number; n: number } | null>(null);
  // A search result opened from outside goes through the same jump as a pin or a quote.
  const [outsideSeen, setOutsideSeen] = useState<OutsideJump | null>(null);
  if (outsideJump !== outsideSeen) {
    setOutsideSeen(outsideJump);
    if (outsideJump) setJump((j) => ({ messageId: outsideJump.messageId, seq: outsideJump.seq, n: (j?.n ?? 0) + 1 }));
  }
  const reply = useCallback((m: Message) => setReplyTo(m), []);
  const forward = useCallback((m: Message) => setForwarding(m), []);
  const toggle = (p: Panel) => setPanel((open) => (open === p ? null : p));
  useEffect(() => {
    if (!forwardNote) return;
    const timer = setTimeout(() => setForwardNote(null), 3000);
    return () => clearTimeout(timer);
  }, [forwardNote]);

  const title = conversationTitle(conversation, t);
  const peerOnline = conversation.peer ? (snapshot.presence[conversation.peer.id]?.online ?? false) : undefined;
  return (
    <section className="conversation" aria-label={title}>
      <ConversationHeader
        title={title}
        conversation={conversation}
        peerOnline={peerOnline}
        infoOpen={panel === 'info'}
        onToggleInfo={conversation.kind === 'room' ? () => toggle('info') : undefined}
        onBack={onBack}
        extra={
          <button
            type="button"
            className={panel === 'pins' ? 'icon-button pressed' : 'icon-button'}
            aria-label={t('talk.pins')}
            title={t('talk.pins')}
            aria-pressed={panel === 'pins'}
            onClick={() => toggle('pins')}
          >
            <PinIcon />
          </button>
        }
      />
      <div className="conversation-body">
        <div className="conversation-main">
          <MessageList conversation={conversation} me={me} around={{ reply, forward, members, jump }} />
          <TypingLine conversationId={conversation.id} />
          {forwardNote && (
            <p className="forward-note" role="status">
              {forwardNote}
            </p>
          )}
          <Composer
            conversationId={conversation.id}
            title={conversation.kind === 'room' ? `#${title}` : title}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            members={members}
            meId={me.id}
            mayMentionRoom={conversation.kind === 'room' && conversation.myRole !== 'member'}
          />
        </div>
        {panel === 'info' && conversation.kind === 'room' && <RoomInfoPanel conversation={conversation} onClose={() => setPanel(null)} onLeft={onLeft} />}
        {panel === 'pins' && (
          <PinsPanel
            conversation={conversation}
            onClose={() => setPanel(null)}
            onJump={(m) => {
              setJump((j) => ({ messageId: m.id, seq: m.seq, n: (j?.n ?? 0) + 1 }));
              // Below desktop width the panel covers the list: out of the way of the message.
              if (window.matchMedia('(max-width: 1023.98px)').matches) setPanel(null);
            }}
          />
        )}
      </div>
      {forwarding && (
        <ForwardDialog
          message={forwarding}
          onClose={() => setForwarding(null)}
          onForwarded={(note) => {
            setForwarding(null);
            setForwardNote(note);
          }}
        />
      )}
    </section>
  );
}
