import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Conversation, Message } from '@natter/protocol';
import { conversationTitle, userName } from '../lib/conversation';
import { messagePreview } from '../lib/files';
import { formatFullDateTime, formatRelative } from '../lib/format';
import { Avatar } from './Avatar';
import { HashIcon, LockIcon } from './Icons';
import '../styles/conversation-tools.css';

/** "You: …" for your own messages, the bare text from a DM peer, "name: …" in rooms. */
function previewLine(c: Conversation, m: Message, meId: string, t: TFunction): string {
  const text = messagePreview(m, t);
  if (m.sender.id === meId) return `${t('message.you')}: ${text}`;
  return c.kind === 'dm' ? text : `${userName(m.sender, t)}: ${text}`;
}

export function ConversationListItem({
  conversation: c,
  meId,
  latest,
  peerOnline,
  active,
  now,
  onOpen,
}: {
  conversation: Conversation;
  meId: string;
  latest: Message | null;
  peerOnline: boolean;
  active: boolean;
  now: number;
  onOpen: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const title = conversationTitle(c, t);
  const preview = latest ? previewLine(c, latest, meId, t) : t('nav.noMessages');
  return (
    <a
      href={`#/c/${c.id}`}
      className={active ? 'conversation-item active' : 'conversation-item'}
      aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        onOpen(c.id);
      }}
    >
      {c.kind === 'dm' ? (
        <Avatar name={title} online={peerOnline} />
      ) : (
        <span className="room-badge" aria-hidden="true">
          <HashIcon />
        </span>
      )}
      <span className="conversation-text">
        <span className="conversation-top">
          <span className="conversation-title">
            {title}
            {c.visibility === 'private' && (
              <span className="private-mark" title={t('nav.privateRoom')}>
                <LockIcon />
                <span className="visually-hidden">{t('nav.privateRoom')}</span>
              </span>
            )}
            {c.kind === 'dm' && peerOnline && <span className="visually-hidden">, {t('nav.online')}</span>}
          </span>
          {latest && (
            <time className="conversation-time" dateTime={new Date(latest.createdAt).toISOString()} title={formatFullDateTime(latest.createdAt, i18n.language)}>
              {formatRelative(latest.createdAt, now, i18n.language, t)}
            </time>
          )}
        </span>
        <span className="conversation-bottom">
          <span className="conversation-preview">{preview}</span>
          {c.mentionCount > 0 && !active && (
            <span className="mention-badge" title={t('talk.mentionBadge', { count: c.mentionCount })}>
              <span aria-hidden="true">@</span>
              <span className="visually-hidden">{t('talk.mentionBadge', { count: c.mentionCount })}</span>
            </span>
          )}
          {c.unreadCount > 0 && !active && (
            <span className="count-badge" aria-label={t('social.unread', { count: c.unreadCount })}>
              {c.unreadCount > 99 ? '99+' : c.unreadCount}
            </span>
          )}
        </span>
      </span>
    </a>
  );
}
