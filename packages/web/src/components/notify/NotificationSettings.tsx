import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesktopWanted } from '../../hooks/useNotifyPrefs';
import { permission, requestDesktop, setDesktopWanted } from '../../lib/notify-prefs';

/** The settings switch for desktop notifications; turning it on asks the browser for permission. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const id = useId();
  const wanted = useDesktopWanted();
  const [allowed, setAllowed] = useState(permission);
  const on = wanted && allowed === 'granted';
  const note =
    allowed === 'unsupported' ? t('notify.unsupported') : allowed === 'denied' ? t('notify.denied') : t('notify.desktopHelp');
  return (
    <fieldset className="notify-settings">
      <legend>{t('notify.title')}</legend>
      <div className="check-row">
        <input
          id={id}
          type="checkbox"
          checked={on}
          disabled={allowed === 'unsupported' || allowed === 'denied'}
          aria-describedby={`${id}-note`}
          onChange={(e) => {
            if (!e.target.checked) {
              setDesktopWanted(false);
              return;
            }
            void requestDesktop().then(setAllowed);
          }}
        />
        <label htmlFor={id}>{t('notify.desktop')}</label>
      </div>
      <p id={`${id}-note`} className="muted small">
        {note} {t('notify.muteNote')}
      </p>
    </fieldset>
  );
}
