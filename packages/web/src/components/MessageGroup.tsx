import { useTranslation } from 'react-i18next';
import type { Me, Message } from '@natter/protocol';
import type { PendingMessage } from '../lib/client';
import { userName } from '../lib/conversation';
import { formatClock, formatFullDateTime } from '../lib/format';
import type { Groupable } from '../lib/grouping';
import { Avatar } from './Avatar';
import { AdminDeleteButton } from './admin/AdminDeleteButton';
import { DeleteOwnMessage } from './files/DeleteOwnMessage';
import { MessageContent } from './files/MessageContent';

export type Entry = Groupable & ({ message: Message; pending?: undefined } | { pending: PendingMessage; message?: undefined });

function Time({ at, className }: { at: number; className?: string }) {
  const { i18n } = useTranslation();
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatFullDateTime(at, i18n.language)}>
      {formatClock(at, i18n.language)}
    </time>
  );
}

function PendingState({ pending, onRetry }: { pending: PendingMessage; onRetry: (clientMsgId: string) => void }) {
  const { t } = useTranslation();
  if (pending.state === 'sending') return <p className="message-state">{t('message.sending')}</p>;
  return (
    <p className="message-state failed" role="alert">
      <span>{t('message.failed')}</span>
      <button type="button" className="link-button" onClick={() => onRetry(pending.clientMsgId)}>
        {t('message.retry')}
      </button>
    </p>
  );
}

export function MessageGroup({
  entries,
  mine,
  me,
  onRetry,
}: {
  entries: Entry[];
  mine: boolean;
  me: Me;
  onRetry: (clientMsgId: string) => void;
}) {
  const { t } = useTranslation();
  const first = entries[0];
  if (!first) return null;
  const name = first.message ? userName(first.message.sender, t) : me.username;
  return (
    <article className={mine ? 'message-group mine' : 'message-group'}>
      <Avatar name={name} />
      <div className="message-group-body">
        <header className="message-meta">
          <span className="sender">{name}</span>
          <Time at={first.createdAt} className="message-time" />
        </header>
        {entries.map((entry, i) => (
          <div key={entry.key} className={entry.pending ? `message ${entry.pending.state}` : 'message'}>
            {i > 0 && <Time at={entry.createdAt} className="message-time inline" />}
            {entry.message ? (
              <MessageContent body={entry.message.body} attachments={entry.message.attachments ?? []} deleted={entry.message.deleted} />
            ) : (
              <MessageContent body={entry.pending.body} attachments={entry.pending.attachments ?? []} />
            )}
            {entry.message && mine && <DeleteOwnMessage message={entry.message} />}
            {entry.pending && <PendingState pending={entry.pending} onRetry={onRetry} />}
            {entry.message && !mine && me.isAdmin && <AdminDeleteButton message={entry.message} />}
          </div>
        ))}
      </div>
    </article>
  );
}
