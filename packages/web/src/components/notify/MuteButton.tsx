import { useTranslation } from 'react-i18next';
import { useMutedIds } from '../../hooks/useNotifyPrefs';
import { setMuted } from '../../lib/notify-prefs';
import { BellIcon, BellOffIcon } from './BellIcons';

export function MuteButton({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const muted = useMutedIds().includes(conversationId);
  const label = muted ? t('notify.unmute') : t('notify.mute');
  return (
    <button
      type="button"
      className={muted ? 'icon-button pressed' : 'icon-button'}
      aria-label={t('notify.mute')}
      title={label}
      aria-pressed={muted}
      onClick={() => setMuted(conversationId, !muted)}
    >
      {muted ? <BellOffIcon /> : <BellIcon />}
    </button>
  );
}
