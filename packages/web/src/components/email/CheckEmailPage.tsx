import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { useResendVerification } from '../../hooks/useResendVerification';
import { outboxUrl } from '../../lib/email';
import { AuthShell } from './AuthShell';
import { ChangeEmailForm } from './ChangeEmailForm';

const RECHECK_MS = 5000;

/**
 * All an unverified account sees while the server requires confirmed addresses: where the link
 * went, sending it again, fixing a mistyped address, and logging out.
 */
export function CheckEmailPage({ user, devOutbox, onVerified, onLogout }: { user: Me; devOutbox: boolean; onVerified: (user: Me) => void; onLogout: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [me, setMe] = useState(user);
  const address = me.pendingEmail ?? me.email;
  const [changing, setChanging] = useState(!address);
  const { notice, setNotice, busy, resend } = useResendVerification();

  const check = useCallback(
    async (report: boolean) => {
      const fresh = await client.me().catch(() => null);
      if (fresh?.emailVerified) onVerified(fresh);
      else if (report) setNotice({ error: true, text: t('email.stillUnverified') });
    },
    [client, onVerified, setNotice, t],
  );

  // The link is usually opened in another tab or on a phone: notice it from here.
  useEffect(() => {
    const again = () => void check(false);
    const timer = setInterval(again, RECHECK_MS);
    window.addEventListener('focus', again);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', again);
    };
  }, [check]);

  return (
    <AuthShell title={t('email.checkTitle')}>
      <div className="check-email">
        <p>{address ? t('email.checkBody', { email: address }) : t('email.checkNoAddress')}</p>
        {address && <p className="field-hint">{t('email.checkSpam')}</p>}
        {devOutbox && (
          <p className="dev-outbox">
            {t('email.devOutbox')}{' '}
            <a href={outboxUrl()} target="_blank" rel="noreferrer">
              {t('email.openOutbox')}
            </a>
          </p>
        )}
        {notice && (
          <p className={notice.error ? 'form-error' : 'form-ok'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        {address && (
          <div className="check-email-actions">
            <button type="button" className="button primary wide" onClick={() => void check(true)}>
              {t('email.opened')}
            </button>
            <button type="button" className="button wide" disabled={busy} onClick={() => void resend()}>
              {t('email.resend')}
            </button>
          </div>
        )}
        {changing ? (
          <ChangeEmailForm
            submitLabel={t('email.send')}
            onChanged={(next) => {
              setMe(next);
              setChanging(false);
              setNotice({ error: false, text: t('email.sentTo', { email: next.pendingEmail ?? next.email ?? '' }) });
            }}
          />
        ) : (
          <button type="button" className="link-button" onClick={() => setChanging(true)}>
            {t('email.otherAddress')}
          </button>
        )}
        <p className="auth-switch">
          <button type="button" className="link-button" onClick={onLogout}>
            {t('nav.logout')}
          </button>
        </p>
      </div>
    </AuthShell>
  );
}
