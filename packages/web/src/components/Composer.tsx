import { lazy, Suspense, useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { charLength, MESSAGE_MAX_CHARS, type Message, type UserRef } from '@natter/protocol';
import { extractMentions } from '@natter/sdk';
import { useClient } from '../hooks/useClient';
import { type EmojiData, type EmojiEntry, loadEmoji, rememberEmoji, searchEmoji, shortcodeAt } from '../lib/emoji';
import { MentionSuggest } from './conversation/MentionSuggest';
import { ReplyPreview } from './conversation/ReplyPreview';
import { useMentionTyping } from './conversation/useMentionTyping';
import { ShortcodeSuggest } from './emoji/ShortcodeSuggest';
import { UploadTray } from './files/UploadTray';
import { useUploads } from './files/useUploads';
import { SendIcon } from './Icons';
import '../styles/files.css';

const EmojiPicker = lazy(() => import('./emoji/EmojiPicker'));

const NO_MEMBERS: UserRef[] = [];

export function Composer({
  conversationId,
  title,
  replyTo = null,
  onCancelReply,
  members = NO_MEMBERS,
  meId = '',
  mayMentionRoom = false,
}: {
  conversationId: string;
  title: string;
  /** The message being answered (its quote shows above the field). */
  replyTo?: Message | null;
  onCancelReply?: () => void;
  /** Who can be @mentioned here. */
  members?: readonly UserRef[];
  meId?: string;
  mayMentionRoom?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [emoji, setEmoji] = useState<{ lang: string; data: EmojiData } | null>(null);
  const emojiData = emoji?.lang === i18n.language ? emoji.data : null;
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const uploads = useUploads(conversationId);
  const length = charLength(body);
  const over = length - MESSAGE_MAX_CHARS;
  const hasContent = body.trim().length > 0 || uploads.ready.length > 0;
  const canSend = hasContent && over <= 0 && !uploads.busy;

  const mention = useMentionTyping(body, caret, members, meId, mayMentionRoom);
  const typed = shortcodeAt(body, caret);
  const options = typed && emojiData && typed.start !== dismissed ? searchEmoji(emojiData, typed.query, 6) : [];
  // The shortcode list needs the emoji data: fetch it the first time a ":xx" is typed.
  const wantsEmoji = typed !== null && emojiData === null;
  useEffect(() => {
    const lang = i18n.language;
    if (wantsEmoji) void loadEmoji(lang).then((data) => setEmoji({ lang, data }));
  }, [wantsEmoji, i18n.language]);

  // Choosing "Reply" puts the reader in the field, ready to answer.
  const replyId = replyTo?.id;
  useEffect(() => {
    if (replyId) inputRef.current?.focus();
  }, [replyId]);

  function send(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    // Failures are shown on the pending message itself, with a retry button.
    const { mentions, mentionsRoom } = extractMentions(body, members);
    void client
      .sendMessage(conversationId, body, { attachments: uploads.ready, mentions, mentionsRoom, ...(replyTo ? { replyTo: replyTo.id } : {}) })
      .catch(() => undefined);
    onCancelReply?.();
    setBody('');
    setPickerOpen(false);
    uploads.clear();
    inputRef.current?.focus();
  }

  function insert(text: string, from = caret, to = caret) {
    const next = body.slice(0, from) + text + body.slice(to);
    const at = from + text.length;
    setBody(next);
    setCaret(at);
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.setSelectionRange(at, at);
    });
  }

  function pickShortcode(entry: EmojiEntry) {
    if (!typed) return;
    rememberEmoji(entry.emoji);
    insert(entry.emoji, typed.start, caret);
    setActive(0);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention.onKeyDown(e, insert)) return;
    if (e.key === 'Escape' && replyTo && onCancelReply) {
      e.preventDefault();
      onCancelReply();
      return;
    }
    if (options.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.nativeEvent.isComposing) {
        e.preventDefault();
        const chosen = options[Math.min(active, options.length - 1)];
        if (chosen) pickShortcode(chosen);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(typed?.start ?? null);
        return;
      }
    }
    // isComposing: Enter that confirms an IME candidate (Chinese input) must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...e.clipboardData.files];
    if (files.length === 0) return;
    e.preventDefault();
    uploads.add(files);
  }

  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  const dropHandlers = {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      uploads.add([...e.dataTransfer.files]);
    },
  };

  return (
    <form className={dragging ? 'composer dragging' : 'composer'} onSubmit={send} {...dropHandlers}>
      <label htmlFor={id} className="visually-hidden">
        {t('composer.label', { name: title })}
      </label>
      {dragging && <div className="drop-hint">{t('files.dropHere')}</div>}
      {replyTo && onCancelReply && (
        <ReplyPreview
          message={replyTo}
          onCancel={() => {
            onCancelReply();
            inputRef.current?.focus();
          }}
        />
      )}
      <UploadTray items={uploads.items} onRemove={uploads.remove} />
      <div className="composer-row">
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            uploads.add([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <button type="button" className="icon-button composer-tool" aria-label={t('files.attach')} title={t('files.attach')} onClick={() => fileRef.current?.click()}>
          <PaperclipIcon />
        </button>
        <div className="composer-input">
          <MentionSuggest id={`${id}-mentions`} options={mention.options} active={mention.active} onPick={(o) => mention.pick(o, insert)} />
          <ShortcodeSuggest options={options} active={Math.min(active, Math.max(0, options.length - 1))} onPick={pickShortcode} />
          <textarea
            id={id}
            ref={inputRef}
            rows={1}
            value={body}
            placeholder={uploads.items.length > 0 ? t('files.captionPlaceholder') : t('composer.placeholder')}
            onChange={(e) => {
              setBody(e.target.value);
              setCaret(e.target.selectionStart);
              setActive(0);
              mention.reset();
              if (e.target.value.trim()) client.sendTyping(conversationId);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            aria-invalid={over > 0 ? true : undefined}
            aria-describedby={`${id}-count`}
            aria-controls={mention.options.length > 0 ? `${id}-mentions` : undefined}
            aria-activedescendant={mention.options.length > 0 ? `${id}-mentions-${mention.active}` : undefined}
            enterKeyHint="send"
          />
        </div>
        <div className="emoji-anchor">
          <button
            type="button"
            className="icon-button composer-tool"
            aria-label={t('emoji.open')}
            title={t('emoji.open')}
            aria-expanded={pickerOpen}
            onClick={() => setPickerOpen((o) => !o)}
          >
            <SmileIcon />
          </button>
          {pickerOpen && (
            <Suspense fallback={<div className="emoji-picker">{t('emoji.loading')}</div>}>
              <EmojiPicker
                onPick={(emoji, keepOpen) => {
                  insert(emoji);
                  if (!keepOpen) setPickerOpen(false);
                }}
                onClose={() => {
                  setPickerOpen(false);
                  inputRef.current?.focus();
                }}
              />
            </Suspense>
          )}
        </div>
        <button
          type="submit"
          className="button primary send-button"
          disabled={!canSend}
          aria-label={t('composer.send')}
          title={uploads.busy ? t('files.waitForUploads') : t('composer.send')}
        >
          <SendIcon />
        </button>
      </div>
      <div className="composer-meta">
        <span className="composer-hint">{t('composer.hint')}</span>
        <span id={`${id}-count`} className={over > 0 ? 'composer-count over' : 'composer-count'} aria-live={over > 0 ? 'polite' : 'off'}>
          {over > 0
            ? t('composer.tooLong', { over })
            : length >= COUNTER_FROM_CHARS
              ? t('composer.counter', { count: length, max: MESSAGE_MAX_CHARS })
              : null}
        </span>
      </div>
    </form>
  );
}

/** The count is noise for everyday messages: it shows once a message nears the limit. */
const COUNTER_FROM_CHARS = Math.floor(MESSAGE_MAX_CHARS * 0.9);

const PaperclipIcon = () => (
  <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="m20.5 11.5-8.3 8.3a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
  </svg>
);

const SmileIcon = () => (
  <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01" />
  </svg>
);
