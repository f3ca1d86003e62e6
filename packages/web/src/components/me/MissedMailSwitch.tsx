import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailNotifications } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';

/** The missed-message email switch; the mail goes only to a confirmed address, so it needs one. */
export function MissedMailSwitch({ confirmed }: { confirmed: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [prefs, setPrefs] = useState<EmailNotifications | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client
      .emailNotifications()
      .then((p) => live && setPrefs(p))
      .catch((err: unknown) => live && setError(errorText(err, t)));
    return () => {
      live = false;
    };
  }, [client, t]);

  if (!prefs) return error ? <p className="field-error" role="alert">{error}</p> : null;
  const toggle = () => {
    setBusy(true);
    setError(null);
    client
      .setEmailNotifications(!prefs.missedMessages)
      .then(setPrefs)
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={prefs.missedMessages} disabled={busy || !confirmed} onChange={toggle} />
        <span>{t('email.missedTitle')}</span>
      </label>
      <p className="field-hint check-hint">
        {t('email.missedHint', { after: prefs.afterMinutes, interval: prefs.intervalMinutes })}
        {!confirmed && ` ${t('email.missedNeedsAddress')}`}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
