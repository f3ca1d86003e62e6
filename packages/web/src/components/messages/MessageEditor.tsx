import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { charLength, MESSAGE_MAX_CHARS, type Message } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText, readError } from '../../lib/errors';

/**
 * The text of my message, editable in place of its bubble: Enter saves, Shift+Enter is a new line,
 * Escape cancels. A refusal (the edit window passed, the message went) stays in view until the
 * editor is left, so the reader knows why nothing changed.
 */
export function MessageEditor({ message, onDone }: { message: Message; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [body, setBody] = useState(message.body);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const over = charLength(body) > MESSAGE_MAX_CHARS;
  const empty = body.trim() === '' && message.attachments.length === 0;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  // Grow with the text, as the composer does.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [body]);

  async function save() {
    if (saving || over || empty) return;
    if (body === message.body) return onDone(false);
    setSaving(true);
    setError(null);
    try {
      await client.editMessage(message.conversationId, message.id, body);
      onDone(true);
    } catch (err) {
      setSaving(false);
      setError(readError(err).code === 'edit_window_closed' ? t('talk.editWindowClosed') : errorText(err, t));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    e.stopPropagation(); // the message's own keys (arrows, Enter for its menu) stay out of the text
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone(false);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  return (
    <form
      className="message-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        ref={ref}
        className="message-editor-input"
        aria-label={t('talk.editLabel')}
        aria-describedby={hintId}
        aria-invalid={over || error ? true : undefined}
        value={body}
        rows={1}
        disabled={saving}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="message-state failed" role="alert">
          {error}
        </p>
      )}
      <div className="message-editor-bar">
        <span id={hintId} className="message-editor-hint">
          {t('talk.editHint')}
        </span>
        <button type="button" className="button small ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button small primary" disabled={saving || over || empty}>
          {t('talk.save')}
        </button>
      </div>
    </form>
  );
}
