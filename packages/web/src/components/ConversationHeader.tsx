import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@natter/protocol';
import { Avatar } from './Avatar';
import { BackIcon, HashIcon, InfoIcon } from './Icons';
import { MuteButton } from './notify/MuteButton';

export function ConversationHeader({
  title,
  conversation,
  peerOnline,
  infoOpen = false,
  onToggleInfo,
  onBack,
  extra,
}: {
  title: string;
  conversation?: Conversation;
  peerOnline?: boolean | undefined;
  infoOpen?: boolean;
  onToggleInfo?: (() => void) | undefined;
  onBack: () => void;
  /** More buttons of the conversation (pinned messages). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const subtitle =
    conversation?.kind === 'dm'
      ? peerOnline
        ? t('conversation.peerOnline')
        : t('conversation.peerOffline')
      : conversation?.topic;
  return (
    <header className="conversation-head">
      <button type="button" className="icon-button back-button" aria-label={t('nav.back')} title={t('nav.back')} onClick={onBack}>
        <BackIcon />
      </button>
      {conversation?.kind === 'dm' ? (
        <Avatar name={title} online={peerOnline} size="sm" />
      ) : (
        conversation && (
          <span className="room-badge small" aria-hidden="true">
            <HashIcon />
          </span>
        )
      )}
      <div className="conversation-head-text">
        <h2 className="conversation-name">{title}</h2>
        {subtitle && <p className="conversation-topic">{subtitle}</p>}
      </div>
      {conversation && <MuteButton conversationId={conversation.id} />}
      {extra}
      {onToggleInfo && (
        <button
          type="button"
          className={infoOpen ? 'icon-button pressed' : 'icon-button'}
          aria-label={t('conversation.roomInfo')}
          title={t('conversation.roomInfo')}
          aria-pressed={infoOpen}
          onClick={onToggleInfo}
        >
          <InfoIcon />
        </button>
      )}
    </header>
  );
}
