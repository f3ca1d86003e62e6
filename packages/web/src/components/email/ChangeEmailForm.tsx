import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { emailProblem } from '../../lib/email';
import { errorText, readError } from '../../lib/errors';
import { FormField } from '../FormField';

/** New address plus the password; the server mails a link to the new address. */
export function ChangeEmailForm({ onChanged, submitLabel }: { onChanged: (user: Me) => void; submitLabel: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string | undefined; password?: string | undefined; form?: string | undefined }>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = emailProblem(email, true);
    const local = { email: problem ? t(problem) : undefined, password: password ? undefined : t('auth.required') };
    setErrors(local);
    if (local.email || local.password) return;
    setBusy(true);
    try {
      const user = await client.changeEmail(email.trim(), password);
      setEmail('');
      setPassword('');
      onChanged(user);
    } catch (err) {
      const { code } = readError(err);
      if (code === 'invalid_credentials') setErrors({ password: t('errors.wrong_password') });
      else if (code === 'email_taken' || code === 'validation_failed') setErrors({ email: code === 'email_taken' ? t('errors.email_taken') : t('email.invalid') });
      else setErrors({ form: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="stacked-form" noValidate>
      <FormField
        label={t('email.newAddress')}
        error={errors.email}
        input={{ type: 'email', value: email, autoComplete: 'email', inputMode: 'email', spellCheck: false, maxLength: 254, required: true, name: 'new-email', onChange: (e) => setEmail(e.target.value) }}
      />
      <FormField
        label={t('email.password')}
        error={errors.password}
        input={{ type: 'password', value: password, autoComplete: 'current-password', required: true, name: 'email-password', onChange: (e) => setPassword(e.target.value) }}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="button small primary" disabled={busy}>
        {busy ? t('auth.working') : submitLabel}
      </button>
    </form>
  );
}
