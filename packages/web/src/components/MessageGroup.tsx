import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { userName } from '../lib/conversation';
import { Avatar } from './Avatar';
import { MessageItem, Time, type Entry, type MessageInteraction } from './messages/MessageItem';

export type { Entry } from './messages/MessageItem';

/**
 * Consecutive messages of one sender: avatar, name and time once, then each message. On a phone
 * (styles/message-bubbles.css) mine are accent bubbles on the right, others' plain ones on the left.
 */
export function MessageGroup({
  entries,
  mine,
  me,
  onRetry,
  interaction,
}: {
  entries: Entry[];
  mine: boolean;
  me: Me;
  onRetry: (clientMsgId: string) => void;
  interaction?: MessageInteraction;
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
          <MessageItem key={entry.key} entry={entry} mine={mine} first={i === 0} interaction={interaction} onRetry={onRetry} />
        ))}
      </div>
    </article>
  );
}
