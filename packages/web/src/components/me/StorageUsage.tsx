import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/files';

type Storage = { usedBytes: number; quotaBytes: number; maxUploadBytes: number };

/** How much of the upload quota my files take, and the largest file I can send. */
export function StorageUsage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [storage, setStorage] = useState<Storage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.storage().then(
      (s) => {
        if (!cancelled) setStorage(s);
      },
      (err: unknown) => {
        if (!cancelled) setError(errorText(err, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, t]);

  const size = (bytes: number) => formatBytes(bytes, i18n.language);
  return (
    <section className="panel-section" aria-labelledby="storage-title">
      <h2 id="storage-title" className="panel-title">
        {t('me.storage')}
      </h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {storage && (
        <>
          <progress className="storage-bar" max={storage.quotaBytes} value={Math.min(storage.usedBytes, storage.quotaBytes)} aria-labelledby="storage-title" />
          <p className="field-hint">{t('me.storageUsed', { used: size(storage.usedBytes), quota: size(storage.quotaBytes) })}</p>
          <p className="field-hint">{t('me.storageMaxFile', { size: size(storage.maxUploadBytes) })}</p>
        </>
      )}
    </section>
  );
}
