import { useTranslation } from 'react-i18next';
import { markAsked, requestDesktop } from '../../lib/notify-prefs';

/**
 * Offered in the conversation list once the person has sent a few messages (when notifications
 * start to matter), never over a conversation. Either answer, or dismissing it, is remembered.
 */
export function NotifyOffer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="side-banner notify-offer" aria-labelledby="notify-offer-title">
      <h2 id="notify-offer-title" className="side-banner-title">
        {t('comfort.notifyTitle')}
      </h2>
      <p>{t('comfort.notifyText')}</p>
      <div className="side-banner-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => {
            onClose();
            void requestDesktop();
          }}
        >
          {t('notify.askYes')}
        </button>
        <button
          type="button"
          className="button small ghost"
          onClick={() => {
            markAsked();
            onClose();
          }}
        >
          {t('notify.askNo')}
        </button>
      </div>
    </section>
  );
}
