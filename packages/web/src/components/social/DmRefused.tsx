import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { errorText } from '../../lib/errors';

/**
 * Said where a direct message is refused because the person takes them from friends only: why, and
 * the one thing that helps (a friend request), instead of a bare error.
 */
export function DmRefused({ username }: { username: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  async function ask() {
    setState('busy');
    setError(null);
    try {
      await client.social.sendFriendRequest(username, '');
      setState('sent');
    } catch (err) {
      setError(errorText(err, t));
      setState('idle');
    }
  }
  return (
    <div className="dm-refused" role="alert">
      <p className="dm-refused-title">{t('comfort.dmRefusedTitle', { name: username })}</p>
      <p className="dm-refused-text">{t('comfort.dmRefusedText')}</p>
      {state === 'sent' ? (
        <p className="field-hint">{t('comfort.requestSent', { name: username })}</p>
      ) : (
        <button type="button" className="button small primary" disabled={state === 'busy'} onClick={() => void ask()}>
          {t('comfort.sendRequest')}
        </button>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
