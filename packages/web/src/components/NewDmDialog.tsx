import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../hooks/useClient';
import { errorText, readError } from '../lib/errors';
import { Dialog } from './Dialog';
import { FormField } from './FormField';
import { DmRefused } from './social/DmRefused';

export function NewDmDialog({ onClose, onOpened }: { onClose: () => void; onOpened: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim()) {
      setError(t('auth.required'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setRefused(null);
    try {
      const conversation = await client.openDm(username.trim());
      onOpened(conversation.id);
    } catch (err) {
      const { code } = readError(err);
      if (code === 'not_accepting') {
        setRefused(username.trim());
        return;
      }
      setError(code === 'not_found' || code === 'validation_failed' ? t('errors.userNotFound') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('dm.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField
          label={t('dm.username')}
          error={error}
          input={{
            value: username,
            onChange: (e) => setUsername(e.target.value),
            required: true,
            autoFocus: true,
            autoCapitalize: 'none',
            spellCheck: false,
            maxLength: 64,
          }}
        />
        {refused && <DmRefused username={refused} />}
        <div className="dialog-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('dm.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
