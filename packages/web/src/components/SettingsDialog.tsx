import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { PreferencesBar } from './PreferencesBar';
import { NotificationSettings } from './notify/NotificationSettings';

export function SettingsDialog({ onClose, onLogout }: { onClose: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <PreferencesBar stacked />
      <NotificationSettings />
      <div className="dialog-actions">
        <button type="button" className="button danger" onClick={onLogout}>
          {t('nav.logout')}
        </button>
      </div>
    </Dialog>
  );
}
