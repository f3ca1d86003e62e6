import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@natter/protocol';
import { Avatar } from '../Avatar';
import { AdminSection } from '../admin/AdminSection';
import { ChangePassword } from './ChangePassword';
import { DeleteAccount } from './DeleteAccount';
import { EmailSettings } from './EmailSettings';
import { PrivacySettings } from './PrivacySettings';
import { SessionList } from './SessionList';
import { StorageUsage } from './StorageUsage';

/** The "me" page: who I am, privacy, password, devices, log out, delete the account. */
export function MePanel({ user, onLogout, onDeleted }: { user: Me; onLogout: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  return (
    <div className="side-panel">
      <section className="panel-section me-card">
        <Avatar name={user.username} />
        <span className="person-name">{user.username}</span>
        <button type="button" className="button small logout-button" onClick={onLogout}>
          {t('nav.logout')}
        </button>
      </section>
      <EmailSettings user={user} />
      <PrivacySettings />
      <StorageUsage />
      <ChangePassword onChanged={() => setSessionsVersion((v) => v + 1)} />
      <SessionList refresh={sessionsVersion} />
      {user.isAdmin && <AdminSection />}
      <DeleteAccount onDeleted={onDeleted} />
    </div>
  );
}
