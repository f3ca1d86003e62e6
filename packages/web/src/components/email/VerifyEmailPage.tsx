import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import type { NatterClient } from '@natter/sdk';
import { useClient } from '../../hooks/useClient';
import { readError } from '../../lib/errors';
import { AuthShell } from './AuthShell';

// A link works once, and React may run an effect twice: the second run shares the first request.
const attempts = new Map<string, Promise<string>>();
function verifyOnce(client: NatterClient, token: string): Promise<string> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = client.verifyEmail(token);
    attempts.set(token, attempt);
    const forget = () => attempts.delete(token);
    attempt.then(forget, forget);
  }
  return attempt;
}

type State = { step: 'working' } | { step: 'done'; email: string } | { step: 'failed'; code: string };

/** Where the emailed confirmation link lands. Signed in, it goes straight on to the chat. */
export function VerifyEmailPage({ token, signedIn, onDone, onLogin }: { token: string; signedIn: boolean; onDone: (user: Me) => void; onLogin: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [state, setState] = useState<State>({ step: 'working' });
  const done = useRef(onDone);
  useLayoutEffect(() => {
    done.current = onDone;
  });

  useEffect(() => {
    let live = true;
    verifyOnce(client, token).then(
      async (email) => {
        const user = signedIn ? await client.me().catch(() => null) : null;
        if (!live) return;
        if (user) done.current(user);
        else setState({ step: 'done', email });
      },
      (err: unknown) => live && setState({ step: 'failed', code: readError(err).code }),
    );
    return () => {
      live = false;
    };
  }, [client, token, signedIn]);

  if (state.step === 'working') {
    return (
      <AuthShell title={t('email.verifyingTitle')}>
        <p role="status">{t('app.loading')}</p>
      </AuthShell>
    );
  }
  if (state.step === 'done') {
    return (
      <AuthShell title={t('email.verifiedTitle')}>
        <p className="form-ok" role="status">
          {t('email.verifiedBody', { email: state.email })}
        </p>
        <button type="button" className="button primary wide" onClick={onLogin}>
          {t('email.toLogin')}
        </button>
      </AuthShell>
    );
  }
  const expired = state.code === 'token_expired';
  const known = expired || state.code === 'token_invalid' || state.code === 'email_taken';
  return (
    <AuthShell title={expired ? t('email.linkExpiredTitle') : t('email.linkInvalidTitle')}>
      <p className="form-error" role="alert">
        {state.code === 'email_taken' ? t('errors.email_taken') : known ? (expired ? t('errors.token_expired') : t('email.linkInvalidBody')) : t('errors.generic')}
      </p>
      <p className="field-hint">{t('email.verifyAgain')}</p>
      <button type="button" className="button primary wide" onClick={onLogin}>
        {signedIn ? t('email.toApp') : t('email.toLogin')}
      </button>
    </AuthShell>
  );
}
