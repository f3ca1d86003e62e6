import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FriendRequest } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';

const SHOWN_MS = 8000;

/** A short in-app notice when someone asks to be friends. */
export function RequestNotice({ onShow }: { onShow: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [request, setRequest] = useState<FriendRequest | null>(null);

  useEffect(
    () =>
      client.on('frame', (f) => {
        if (f.type === 'friend_request' && f.request.to.id === client.user?.id) setRequest(f.request);
        if (f.type === 'friend_request_closed') setRequest((r) => (r?.id === f.requestId ? null : r));
      }),
    [client],
  );
  useEffect(() => {
    if (!request) return;
    const timer = setTimeout(() => setRequest(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [request]);

  if (!request) return null;
  return (
    <div className="notice" role="status">
      <p>
        <strong>{t('social.noticeTitle', { name: request.from.username })}</strong>
        {request.message && <span className="notice-message">“{request.message}”</span>}
      </p>
      <div className="notice-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => {
            setRequest(null);
            onShow();
          }}
        >
          {t('social.noticeShow')}
        </button>
        <button type="button" className="button small ghost" onClick={() => setRequest(null)}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
