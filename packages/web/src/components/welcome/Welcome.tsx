import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { shortcutLabel } from '../switcher/QuickSwitcher';

/** The address others on the network would open: this page's, without the conversation part. */
function shareAddress(): { url: string; local: boolean } {
  const url = `${location.origin}${location.pathname}`;
  return { url, local: /^(localhost|127\.|\[::1\])/.test(location.hostname) };
}

/** The empty main pane on a wide screen: what to do first. */
export function Welcome({ user, onFindFriend, onBrowse, onCreate }: { user: Me; onFindFriend: () => void; onBrowse: () => void; onCreate: () => void }) {
  const { t } = useTranslation();
  const share = shareAddress();
  return (
    <div className="welcome">
      <h2 className="welcome-title">{t('comfort.welcomeTitle', { name: user.username })}</h2>
      <p className="welcome-lead">{t('comfort.welcomeLead')}</p>
      <ul className="welcome-steps">
        <li>
          <h3>{t('comfort.welcomeFriend')}</h3>
          <p>{t('comfort.welcomeFriendText')}</p>
          <button type="button" className="button primary" onClick={onFindFriend}>
            {t('comfort.emptyFind')}
          </button>
        </li>
        <li>
          <h3>{t('comfort.welcomeRoom')}</h3>
          <p>{t('comfort.welcomeRoomText')}</p>
          <div className="welcome-actions">
            <button type="button" className="button" onClick={onBrowse}>
              {t('nav.browseRooms')}
            </button>
            <button type="button" className="button ghost" onClick={onCreate}>
              {t('nav.newRoom')}
            </button>
          </div>
        </li>
        <li>
          <h3>{t('comfort.welcomeShare')}</h3>
          <p>{t('comfort.welcomeShareText')}</p>
          <code className="welcome-address">{share.url}</code>
          {share.local && <p className="muted small">{t('comfort.welcomeShareLocal')}</p>}
        </li>
      </ul>
      <p className="welcome-pick">{t('comfort.welcomePick', { key: shortcutLabel(t) })}</p>
    </div>
  );
}
