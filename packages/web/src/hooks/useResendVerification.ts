import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, readError } from '../lib/errors';
import { useClient } from './useClient';

export type Notice = { error: boolean; text: string };

/** Sending the confirmation link again, with what to tell the user (sent, wait a minute, or the error). */
export function useResendVerification() {
  const { t } = useTranslation();
  const client = useClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);

  async function resend(): Promise<void> {
    setBusy(true);
    setNotice(null);
    try {
      await client.resendVerification();
      setNotice({ error: false, text: t('email.resent') });
    } catch (err) {
      setNotice({ error: true, text: readError(err).code === 'rate_limited' ? t('email.resendWait') : errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return { notice, setNotice, busy, resend };
}
