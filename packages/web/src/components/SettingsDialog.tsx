import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { PreferencesBar } from './PreferencesBar';
import { NotificationSettings } from './notify/NotificationSettings';

/** This device's look and notifications. Logging out lives on the Me page only. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <PreferencesBar stacked />
      <NotificationSettings />
    </Dialog>
  );
}
