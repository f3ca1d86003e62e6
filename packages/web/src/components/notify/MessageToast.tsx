import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Toast } from '../../hooks/useNotifications';

const SHOWN_MS = 6000;

/** A new message in another conversation while this tab is in front. */
export function MessageToast({ toast, onOpen, onDismiss }: { toast: Toast; onOpen: (id: string) => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(onDismiss, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast.id, onDismiss]);
  return (
    <div className="notice toast" role="status">
      <p>
        <strong>{toast.title}</strong>
        {toast.body && <span className="notice-message">{toast.body}</span>}
      </p>
      <div className="notice-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => {
            onDismiss();
            onOpen(toast.conversationId);
          }}
        >
          {t('notify.open')}
        </button>
        <button type="button" className="button small ghost" onClick={onDismiss}>
          {t('notify.dismiss')}
        </button>
      </div>
    </div>
  );
}
