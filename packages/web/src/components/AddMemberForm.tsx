import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../hooks/useClient';
import { errorText, readError } from '../lib/errors';

/** Adds someone to a room by username: the only way into a private room. */
export function AddMemberForm({ conversationId, onAdded }: { conversationId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [username, setUsername] = useState('');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = username.trim();
    if (!name) return;
    setBusy(true);
    setMessage(null);
    try {
      await client.request('addMember', { params: { id: conversationId }, body: { username: name } });
      setUsername('');
      setMessage({ text: t('info.added', { name }), ok: true });
      onAdded();
    } catch (err) {
      const { code } = readError(err);
      const text = code === 'not_found' ? t('errors.userNotFound') : errorText(err, t);
      setMessage({ text, ok: false });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-member" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={id}>{t('info.addLabel')}</label>
      <div className="add-member-row">
        <input
          id={id}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          aria-describedby={message ? `${id}-msg` : undefined}
        />
        <button type="submit" className="button small" disabled={busy || !username.trim()}>
          {t('info.add')}
        </button>
      </div>
      {message && (
        <p id={`${id}-msg`} className={message.ok ? 'field-hint' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
