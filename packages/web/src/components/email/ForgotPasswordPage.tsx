import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { FormField } from '../FormField';
import { AuthShell } from './AuthShell';

/** Asks for a reset link. The answer never says whether the account exists. */
export function ForgotPasswordPage({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [login, setLogin] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFieldError(login.trim() ? undefined : t('auth.required'));
    setFormError(null);
    if (!login.trim()) return;
    setBusy(true);
    try {
      await client.requestPasswordReset(login.trim());
      setSent(true);
    } catch (err) {
      setFormError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <p className="auth-switch">
      <a
        href="#/login"
        onClick={(e) => {
          e.preventDefault();
          onBack();
        }}
      >
        {t('email.backToLogin')}
      </a>
    </p>
  );

  if (sent) {
    return (
      <AuthShell title={t('email.forgotSentTitle')}>
        <p className="form-ok" role="status">
          {t('email.forgotSent')}
        </p>
        <p className="field-hint">{t('email.checkSpam')}</p>
        {back}
      </AuthShell>
    );
  }
  return (
    <AuthShell title={t('email.forgotTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="auth-intro">{t('email.forgotIntro')}</p>
        <FormField
          label={t('email.loginField')}
          error={fieldError}
          input={{ value: login, autoComplete: 'username', autoCapitalize: 'none', spellCheck: false, maxLength: 254, required: true, name: 'login', onChange: (e) => setLogin(e.target.value) }}
        />
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? t('auth.working') : t('email.sendResetLink')}
        </button>
      </form>
      {back}
    </AuthShell>
  );
}
