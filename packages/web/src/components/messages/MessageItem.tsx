import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, Message, ReplyQuote } from '@natter/protocol';
import { useLongPress } from '../../hooks/useLongPress';
import type { PendingMessage } from '../../lib/client';
import { errorText, readError } from '../../lib/errors';
import { formatClock, formatFullDateTime } from '../../lib/format';
import type { Groupable } from '../../lib/grouping';
import type { MessageAction } from '../../lib/message-actions';
import { Attachments } from '../files/Attachments';
import { MessageContent } from '../files/MessageContent';
import type { MarkdownRenderers } from '../markdown/Markdown';
import { MoreIcon } from './ActionIcons';
import { MessageEditor } from './MessageEditor';
import { ForwardedLine, MessageMarks, QuoteButton, ReactionChips, type ReactionHandlers } from './MessageExtras';
import type { MessageNotice } from './useMessageMenu';

export type Entry = Groupable & ({ message: Message; pending?: undefined } | { pending: PendingMessage; message?: undefined });

/** What the list lends each message for acting on it; absent (a preview, a test) means no actions. */
export interface MessageInteraction {
  me: Me;
  actionsFor: (message: Message, mine: boolean) => MessageAction[];
  open: (message: Message, mine: boolean, anchor: HTMLElement, owner: HTMLElement) => void;
  openFor: string | null;
  notice: MessageNotice | null;
  /** The one message of the list in the Tab order (arrow keys move between messages). */
  tabStopKey: string | null;
  onFocusEntry: (key: string) => void;
  renderers: MarkdownRenderers;
  /** The message whose text is being edited in place, and what ends that. */
  editingId?: string | null;
  onEditDone?: (saved: boolean) => void;
  /** A message just jumped to: highlighted for a moment. */
  highlightId?: string | null;
  onJumpToQuote?: (quote: ReplyQuote) => void;
  reactions?: ReactionHandlers;
}

export function Time({ at, className }: { at: number; className?: string }) {
  const { i18n } = useTranslation();
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatFullDateTime(at, i18n.language)}>
      {formatClock(at, i18n.language)}
    </time>
  );
}

export function PendingState({ pending, onRetry }: { pending: PendingMessage; onRetry: (clientMsgId: string) => void }) {
  const { t } = useTranslation();
  if (pending.state === 'sending') {
    // The server refused for want of space; the send is retried by itself, but the user should know why it waits.
    const waiting = pending.error && readError(pending.error).code === 'storage_full';
    return (
      <p className="message-state" {...(waiting ? { role: 'status' } : {})}>
        {t('message.sending')}
        {waiting && <span> {t('message.waitingForSpace')}</span>}
      </p>
    );
  }
  // A refusal with a reason of its own (@room without the right, a mention of a stranger) says it.
  const code = pending.error ? readError(pending.error).code : 'network';
  const reason = code !== 'network' && code !== 'unavailable' ? errorText(pending.error, t) : null;
  return (
    <p className="message-state failed" role="alert">
      <span>{t('message.failed')}</span>
      {reason && <span>{reason}</span>}
      <button type="button" className="link-button" onClick={() => onRetry(pending.clientMsgId)}>
        {t('message.retry')}
      </button>
    </p>
  );
}

/** Focus the message before or after this one in the list (only rendered rows exist; focusing scrolls). */
function focusSibling(from: HTMLElement, step: 1 | -1): void {
  const log = from.closest('[role="log"]');
  if (!log) return;
  const all = [...log.querySelectorAll<HTMLElement>('[data-entry-key]')];
  const next = all[all.indexOf(from) + step];
  if (!next) return;
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
}

/**
 * One message of a group: its bubble, the button of its actions menu (shown on hover and focus),
 * a long-press for the same menu by touch, and Enter (or Shift+F10, or the menu key) from the keyboard.
 */
export function MessageItem({
  entry,
  mine,
  first,
  interaction,
  onRetry,
}: {
  entry: Entry;
  mine: boolean;
  first: boolean;
  interaction: MessageInteraction | undefined;
  onRetry: (clientMsgId: string) => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const { message, pending } = entry;
  const actions = message && interaction ? interaction.actionsFor(message, mine) : [];
  const editing = !!message && interaction?.editingId === message.id;
  const hasMenu = actions.length > 0 && !editing;
  const openMenu = (anchor: HTMLElement | null) => {
    if (message && interaction && ref.current) interaction.open(message, mine, anchor ?? ref.current, ref.current);
  };
  const press = useLongPress(() => openMenu(ref.current), hasMenu);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return; // a link or a code block inside keeps its keys
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      focusSibling(e.currentTarget, e.key === 'ArrowUp' ? -1 : 1);
    } else if (hasMenu && (e.key === 'Enter' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
      e.preventDefault();
      openMenu(trigger.current);
    }
  };
  const notice = message && interaction?.notice?.messageId === message.id ? interaction.notice : null;
  const className = [
    'message',
    pending?.state,
    hasMenu && 'has-actions',
    message && interaction?.openFor === message.id && 'menu-open',
    editing && 'editing',
    message && interaction?.highlightId === message.id && 'highlight',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div
      ref={ref}
      className={className}
      data-entry-key={interaction ? entry.key : undefined}
      tabIndex={interaction ? (interaction.tabStopKey === entry.key ? 0 : -1) : undefined}
      // The message itself, not a link in it: Tab from that link must still reach the next message.
      onFocus={interaction ? (e) => e.target === e.currentTarget && interaction.onFocusEntry(entry.key) : undefined}
      onKeyDown={interaction ? onKeyDown : undefined}
      {...(hasMenu ? press : {})}
    >
      {!first && <Time at={entry.createdAt} className="message-time inline" />}
      {message && <ForwardedLine message={message} />}
      {message?.replyTo && <QuoteButton quote={message.replyTo} onJump={interaction?.onJumpToQuote} />}
      {message && editing ? (
        <>
          <MessageEditor message={message} onDone={(saved) => interaction?.onEditDone?.(saved)} />
          <Attachments files={message.attachments ?? []} />
        </>
      ) : message ? (
        <MessageContent body={message.body} attachments={message.attachments ?? []} deleted={message.deleted} renderers={interaction?.renderers} />
      ) : (
        <MessageContent body={entry.pending.body} attachments={entry.pending.attachments ?? []} renderers={interaction?.renderers} />
      )}
      {hasMenu && (
        <button
          ref={trigger}
          type="button"
          className="message-actions-trigger"
          aria-label={t('messageActions.open')}
          aria-haspopup="menu"
          aria-expanded={interaction?.openFor === message?.id}
          tabIndex={-1}
          onClick={() => openMenu(trigger.current)}
        >
          <MoreIcon />
        </button>
      )}
      {message && <MessageMarks message={message} />}
      {message && interaction && <ReactionChips message={message} meId={interaction.me.id} handlers={interaction.reactions} />}
      {pending && <PendingState pending={pending} onRetry={onRetry} />}
      {notice && (
        <p className={notice.kind === 'error' ? 'message-state failed' : 'message-state'} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
