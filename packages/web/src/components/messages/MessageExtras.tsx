import { useTranslation } from 'react-i18next';
import type { Message, ReplyQuote } from '@natter/protocol';
import { useLongPress } from '../../hooks/useLongPress';
import { userName } from '../../lib/conversation';
import { formatFullDateTime } from '../../lib/format';
import { PinIcon } from './ActionIcons';

/** "Forwarded from #room" (or from a direct message by someone) above a forwarded message. */
export function ForwardedLine({ message }: { message: Message }) {
  const { t } = useTranslation();
  const from = message.forwardedFrom;
  if (!from) return null;
  const text =
    from.kind === 'room' && from.conversationName
      ? t('talk.forwardedFrom', { where: `#${from.conversationName} · ${userName(from.sender, t)}` })
      : t('talk.forwardedFromDm', { name: userName(from.sender, t) });
  return <p className="message-forwarded">{text}</p>;
}

/** The compact quote of the message this one answers: a button that jumps to the original. */
export function QuoteButton({ quote, onJump }: { quote: ReplyQuote; onJump: ((quote: ReplyQuote) => void) | undefined }) {
  const { t } = useTranslation();
  const name = userName(quote.sender, t);
  const text = quote.deleted ? t('talk.quoteDeleted') : quote.excerpt || (quote.hasAttachments ? t('talk.quoteFiles') : '');
  const inner = (
    <>
      <span className="quote-sender">{name}</span>
      <span className={quote.deleted ? 'quote-text deleted' : 'quote-text'}>{text}</span>
    </>
  );
  if (!onJump) return <span className="message-quote">{inner}</span>;
  return (
    <button
      type="button"
      className="message-quote"
      aria-label={t('talk.quoteOf', { name, text })}
      onClick={(e) => {
        e.stopPropagation();
        onJump(quote);
      }}
    >
      {inner}
    </button>
  );
}

/** The small line under a message: "edited" with its time in the title, and a pin mark. */
export function MessageMarks({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  if (message.deleted || (message.editedAt === undefined && !message.pinned)) return null;
  return (
    <p className="message-marks">
      {message.pinned && (
        <span className="message-pinned" title={t('talk.pinnedBy', { name: userName(message.pinned.by, t) })}>
          <PinIcon />
          <span>{t('talk.pinned')}</span>
        </span>
      )}
      {message.editedAt !== undefined && (
        <span className="message-edited" title={t('talk.editedAt', { when: formatFullDateTime(message.editedAt, i18n.language) })}>
          {t('talk.edited')}
          <span className="visually-hidden"> ({formatFullDateTime(message.editedAt, i18n.language)})</span>
        </span>
      )}
    </p>
  );
}

export interface ReactionHandlers {
  toggle: (message: Message, emoji: string) => void;
  /** Who reacted, as a list (long-press on a phone, or the context menu key). */
  showWho: (message: Message) => void;
  nameOf: (userId: string) => string | null;
}

function ReactionChip({ message, emoji, count, mine, title, handlers }: { message: Message; emoji: string; count: number; mine: boolean; title: string; handlers: ReactionHandlers }) {
  const { t } = useTranslation();
  const press = useLongPress(() => handlers.showWho(message), true);
  return (
    <button
      type="button"
      className={mine ? 'reaction-chip mine' : 'reaction-chip'}
      aria-pressed={mine}
      aria-label={t('talk.reactionLabel', { emoji, count })}
      title={title}
      {...press}
      onClick={(e) => {
        e.stopPropagation();
        handlers.toggle(message, emoji);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
          e.preventDefault();
          handlers.showWho(message);
        }
        e.stopPropagation();
      }}
    >
      <span className="reaction-emoji" aria-hidden="true">
        {emoji}
      </span>
      <span className="reaction-count" aria-hidden="true">
        {count}
      </span>
    </button>
  );
}

/** Chips with emoji and count under a message; mine stand out, a click toggles, the title says who. */
export function ReactionChips({ message, meId, handlers }: { message: Message; meId: string; handlers: ReactionHandlers | undefined }) {
  const { t } = useTranslation();
  const reactions = message.reactions;
  if (!reactions || reactions.length === 0 || message.deleted || !handlers) return null;
  return (
    <div
      className="reactions"
      role="group"
      aria-label={t('talk.reactions')}
      // A press on a chip is the chip's, not the start of a long-press on the message.
      onPointerDown={(e) => e.stopPropagation()}
    >
      {reactions.map((r) => {
        const names = r.userIds.map((id) => (id === meId ? t('talk.reactedByMe') : handlers.nameOf(id))).filter((n): n is string => !!n);
        const title = names.length > 0 ? t('talk.reactedBy', { emoji: r.emoji, names: names.join(', ') }) : t('talk.reactionLabel', { emoji: r.emoji, count: r.count });
        return <ReactionChip key={r.emoji} message={message} emoji={r.emoji} count={r.count} mine={r.userIds.includes(meId)} title={title} handlers={handlers} />;
      })}
    </div>
  );
}
