import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { Dialog } from '../Dialog';
import { FormField } from '../FormField';

/** Asks for the password before the account is gone for good. */
export function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) return;
    setBusy(true);
    setError(null);
    try {
      await client.deleteAccount(password);
      onDeleted();
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  }

  return (
    <section className="panel-section danger-zone">
      <button type="button" className="button small danger" onClick={() => setOpen(true)}>
        {t('me.deleteAccount')}
      </button>
      {open && (
        <Dialog title={t('me.deleteTitle')} onClose={() => setOpen(false)}>
          <form onSubmit={(e) => void submit(e)} className="stacked-form">
            <p>{t('me.deleteExplain')}</p>
            <FormField
              label={t('auth.password')}
              error={error ?? undefined}
              input={{ type: 'password', value: password, autoComplete: 'current-password', required: true, onChange: (e) => setPassword(e.target.value) }}
            />
            <div className="dialog-actions">
              <button type="button" className="button ghost" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button danger" disabled={busy}>
                {t('me.deleteConfirm')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </section>
  );
}
