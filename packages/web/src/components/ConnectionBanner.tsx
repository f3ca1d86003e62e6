import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../hooks/useClient';
import { useStatus } from '../hooks/useStatus';

/** A first connection usually takes a moment; only say so when it takes longer than this. */
const CONNECTING_GRACE_MS = 1500;

/** Shown while the live connection is not up, so nobody mistakes silence for an empty room. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const client = useClient();
  const status = useStatus();
  const [slowConnect, setSlowConnect] = useState(false);

  useEffect(() => {
    if (status !== 'connecting') return;
    const timer = setTimeout(() => setSlowConnect(true), CONNECTING_GRACE_MS);
    return () => {
      clearTimeout(timer);
      setSlowConnect(false);
    };
  }, [status]);

  if (status === 'online' || status === 'idle' || (status === 'connecting' && !slowConnect)) return null;
  const text =
    status === 'reconnecting'
      ? t('connection.reconnecting')
      : status === 'connecting'
        ? t('connection.connecting')
        : t('connection.closed');
  return (
    <div className={`connection-banner ${status}`} role="status">
      <span>{text}</span>
      {status === 'closed' && (
        <button type="button" className="button small" onClick={() => void client.connect().catch(() => undefined)}>
          {t('connection.reconnect')}
        </button>
      )}
    </div>
  );
}
