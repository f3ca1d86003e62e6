import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { useResendVerification } from '../../hooks/useResendVerification';
import { ChangeEmailForm } from '../email/ChangeEmailForm';
import { MissedMailSwitch } from './MissedMailSwitch';

/** The account's address, whether it is confirmed, and changing it (password plus a new link). */
export function EmailSettings({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [me, setMe] = useState(user);
  const { notice, setNotice, busy, resend } = useResendVerification();
  const [changeOpen, setChangeOpen] = useState(false);
  const awaiting = me.pendingEmail ?? (me.email && !me.emailVerified ? me.email : null);

  return (
    <section className="panel-section email-settings" aria-labelledby="email-title">
      <h2 id="email-title" className="panel-title">
        {t('email.settingsTitle')}
      </h2>
      {me.email ? (
        <p className="email-current">
          <span className="email-address">{me.email}</span>{' '}
          <span className={me.emailVerified ? 'tag ok' : 'tag'}>{me.emailVerified ? t('email.confirmed') : t('email.unconfirmed')}</span>
        </p>
      ) : (
        <p className="field-hint">{t('email.noAddress')}</p>
      )}
      {me.pendingEmail && <p className="field-hint">{t('email.pending', { email: me.pendingEmail })}</p>}
      {awaiting && (
        <button type="button" className="button small" disabled={busy} onClick={() => void resend()}>
          {t('email.resend')}
        </button>
      )}
      {notice && (
        <p className={notice.error ? 'field-error' : 'field-hint'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <MissedMailSwitch confirmed={!!me.email && me.emailVerified} />
      <details className="email-change" open={changeOpen} onToggle={(e) => setChangeOpen(e.currentTarget.open)}>
        <summary>{t('email.changeTitle')}</summary>
        <p className="field-hint">{t('email.changeHint')}</p>
        <ChangeEmailForm
          submitLabel={t('email.send')}
          onChanged={(next) => {
            setMe(next);
            setChangeOpen(false);
            setNotice({ error: false, text: t('email.sentTo', { email: next.pendingEmail ?? next.email ?? '' }) });
          }}
        />
      </details>
    </section>
  );
}
