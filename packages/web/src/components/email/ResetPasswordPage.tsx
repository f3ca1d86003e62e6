import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText, readError } from '../../lib/errors';
import { passwordProblem } from '../../lib/validate';
import { FormField } from '../FormField';
import { AuthShell } from './AuthShell';

/** Where the emailed reset link lands: a new password, then straight into the chat. */
export function ResetPasswordPage({ token, onDone, onForgot }: { token: string; onDone: (user: Me) => void; onForgot: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string | undefined; repeat?: string | undefined }>({});
  const [linkError, setLinkError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password);
    const local = { password: problem ? t(problem) : undefined, repeat: !problem && repeat !== password ? t('email.mismatch') : undefined };
    setErrors(local);
    setFormError(null);
    if (local.password || local.repeat) return;
    setBusy(true);
    try {
      onDone(await client.resetPassword(token, password));
    } catch (err) {
      const { code } = readError(err);
      if (code === 'token_expired' || code === 'token_invalid') setLinkError(t(`errors.${code}`));
      else if (code === 'validation_failed') setErrors({ password: t('auth.passwordRejected') });
      else setFormError(errorText(err, t));
      setBusy(false);
    }
  }

  if (linkError) {
    return (
      <AuthShell title={t('email.linkInvalidTitle')}>
        <p className="form-error" role="alert">
          {linkError}
        </p>
        <button type="button" className="button primary wide" onClick={onForgot}>
          {t('email.newLink')}
        </button>
      </AuthShell>
    );
  }
  return (
    <AuthShell title={t('email.resetTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField
          label={t('email.newPassword')}
          hint={t('email.resetHint')}
          error={errors.password}
          input={{ type: 'password', value: password, autoComplete: 'new-password', required: true, maxLength: 128, name: 'new-password', onChange: (e) => setPassword(e.target.value) }}
        />
        <FormField
          label={t('email.repeatPassword')}
          error={errors.repeat}
          input={{ type: 'password', value: repeat, autoComplete: 'new-password', required: true, maxLength: 128, name: 'repeat-password', onChange: (e) => setRepeat(e.target.value) }}
        />
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? t('auth.working') : t('email.setPassword')}
        </button>
      </form>
    </AuthShell>
  );
}
