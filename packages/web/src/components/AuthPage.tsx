import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailVerificationMode, Me } from '@natter/protocol';
import { useClient } from '../hooks/useClient';
import { emailProblem } from '../lib/email';
import { errorText, issuesByField, readError } from '../lib/errors';
import { passwordProblem, usernameProblem } from '../lib/validate';
import { SignupEmailField } from './email/SignupEmailField';
import { FormField } from './FormField';
import { PreferencesBar } from './PreferencesBar';

type Mode = 'login' | 'signup';
type FieldErrors = { username?: string | undefined; password?: string | undefined; email?: string | undefined };

export function AuthPage({
  mode,
  onSwitch,
  onSignedIn,
  onForgot,
  emailVerification = 'optional',
  notice = null,
}: {
  mode: Mode;
  onSwitch: (mode: Mode) => void;
  onSignedIn: (user: Me) => void;
  onForgot?: () => void;
  emailVerification?: EmailVerificationMode | undefined;
  /** Why the user is here (the last session was ended by a ban), shown until the next attempt. */
  notice?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const emailRequired = emailVerification === 'required';
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';

  function validate(): FieldErrors {
    if (!signup) {
      return {
        username: username.trim() ? undefined : t('auth.required'),
        password: password ? undefined : t('auth.required'),
      };
    }
    const u = usernameProblem(username);
    const p = passwordProblem(password);
    const m = emailProblem(email, emailRequired);
    return { username: u ? t(u) : undefined, password: p ? t(p) : undefined, email: m ? t(m) : undefined };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = validate();
    setFieldErrors(local);
    setFormError(null);
    if (local.username || local.password || local.email) return;
    setBusy(true);
    try {
      const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
      if (signup) await client.register(username.trim(), password, { ...(email.trim() ? { email: email.trim() } : {}), language });
      else await client.login(username.trim(), password);
      const user = client.user ?? (await client.me());
      if (user) onSignedIn(user);
      else setFormError(t('errors.generic'));
    } catch (err) {
      const { code } = readError(err);
      if (code === 'username_taken') {
        setFieldErrors({ username: t('errors.username_taken') });
      } else if (code === 'email_taken') {
        setFieldErrors({ email: t('errors.email_taken') });
      } else if (code === 'validation_failed') {
        const byField = issuesByField(err);
        setFieldErrors({
          username: byField.username ? t('auth.usernameInvalid') : undefined,
          // A password that passes the local rules was refused for a reason only the server knows (too common).
          password: byField.password ? t(passwordProblem(password) ?? 'auth.passwordRejected') : undefined,
          email: byField.email ? t(emailProblem(email, true) ?? 'email.invalid') : undefined,
        });
        setFormError(t('errors.validation_failed'));
      } else {
        setFormError(errorText(err, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const switchTo: Mode = signup ? 'login' : 'signup';
  return (
    <main className="auth">
      <form className="auth-card" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
        <h1 id={headingId}>{signup ? t('auth.signupTitle') : t('auth.loginTitle')}</h1>
        <FormField
          label={t('auth.username')}
          hint={signup ? t('auth.usernameHint') : undefined}
          error={fieldErrors.username}
          input={{
            value: username,
            onChange: (e) => setUsername(e.target.value),
            autoComplete: 'username',
            autoCapitalize: 'none',
            spellCheck: false,
            required: true,
            name: 'username',
          }}
        />
        {signup && <SignupEmailField value={email} onChange={setEmail} required={emailRequired} error={fieldErrors.email} />}
        <FormField
          label={t('auth.password')}
          hint={signup ? t('auth.passwordHint') : undefined}
          error={fieldErrors.password}
          input={{
            type: 'password',
            value: password,
            onChange: (e) => setPassword(e.target.value),
            autoComplete: signup ? 'new-password' : 'current-password',
            required: true,
            name: 'password',
          }}
        />
        {!signup && onForgot && (
          <p className="auth-forgot">
            <a
              href="#/forgot-password"
              onClick={(e) => {
                e.preventDefault();
                onForgot();
              }}
            >
              {t('email.forgotLink')}
            </a>
          </p>
        )}
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? t('auth.working') : signup ? t('auth.signupSubmit') : t('auth.loginSubmit')}
        </button>
        <p className="auth-switch">
          {signup ? t('auth.haveAccount') : t('auth.noAccount')}{' '}
          <a
            href={switchTo === 'signup' ? '#/signup' : '#/login'}
            onClick={(e) => {
              e.preventDefault();
              setFieldErrors({});
              setFormError(null);
              onSwitch(switchTo);
            }}
          >
            {signup ? t('auth.toLogin') : t('auth.toSignup')}
          </a>
        </p>
      </form>
      <PreferencesBar row />
    </main>
  );
}
