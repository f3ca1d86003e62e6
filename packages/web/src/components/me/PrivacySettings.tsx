import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';
import { useContacts } from '../../hooks/useContacts';
import { errorText } from '../../lib/errors';

export function PrivacySettings() {
  const { t } = useTranslation();
  const client = useClient();
  const { settings } = useContacts();
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;

  const toggle = (key: keyof Settings) => {
    setError(null);
    client.social.updateSettings({ [key]: !settings[key] }).catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <section className="panel-section" aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="panel-title">
        {t('me.privacy')}
      </h2>
      <label className="check">
        <input type="checkbox" checked={settings.onlyFriendsMayDm} onChange={() => toggle('onlyFriendsMayDm')} />
        <span>{t('me.onlyFriends')}</span>
      </label>
      <p className="field-hint check-hint">{t('comfort.onlyFriendsHint')}</p>
      <label className="check">
        <input type="checkbox" checked={settings.sendReadReceipts} onChange={() => toggle('sendReadReceipts')} />
        <span>{t('me.readReceipts')}</span>
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
