import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { charLength } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { FormField } from '../FormField';

export function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const tooShort = next.length > 0 && charLength(next) < 8;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!current || charLength(next) < 8) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await client.changePassword(current, next);
      setCurrent('');
      setNext('');
      setDone(true);
      onChanged();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel-section" aria-labelledby="password-title">
      <h2 id="password-title" className="panel-title">
        {t('me.changePassword')}
      </h2>
      <form onSubmit={(e) => void submit(e)} className="stacked-form">
        <FormField label={t('me.currentPassword')} input={{ type: 'password', value: current, autoComplete: 'current-password', required: true, onChange: (e) => setCurrent(e.target.value) }} />
        <FormField
          label={t('me.newPassword')}
          hint={t('me.newPasswordHint')}
          error={tooShort ? t('auth.passwordTooShort') : undefined}
          input={{ type: 'password', value: next, autoComplete: 'new-password', required: true, maxLength: 128, onChange: (e) => setNext(e.target.value) }}
        />
        <button type="submit" className="button small primary" disabled={busy}>
          {t('me.savePassword')}
        </button>
        {done && (
          <p className="field-hint" role="status">
            {t('me.passwordChanged')}
          </p>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
