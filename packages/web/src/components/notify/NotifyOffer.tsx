import { useTranslation } from 'react-i18next';
import { markAsked, requestDesktop } from '../../lib/notify-prefs';

/** Asked once, right after the first message sent: the moment notifications start to matter. */
export function NotifyOffer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice offer" role="dialog" aria-label={t('notify.title')}>
      <p>{t('notify.ask')}</p>
      <div className="notice-actions">
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
    </div>
  );
}
