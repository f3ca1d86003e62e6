import { useTranslation } from 'react-i18next';
import { useContacts } from '../../hooks/useContacts';
import { useSnapshot } from '../../hooks/useSnapshot';
import { TabIcon } from './TabIcons';

export type SidebarTab = 'chats' | 'contacts' | 'me';

function Badge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="count-badge" aria-label={label}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

/** Mentions of me across all conversations: apart from the unread count, as on each conversation. */
function MentionBadge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="mention-badge tab-mention-badge" title={label}>
      <span aria-hidden="true">@{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function SidebarTabs({ tab, onTab }: { tab: SidebarTab; onTab: (tab: SidebarTab) => void }) {
  const { t } = useTranslation();
  const { incoming } = useContacts();
  const { unreadTotal: unread, mentionTotal: mentioned } = useSnapshot();
  const tabs: { id: SidebarTab; label: string; badge: number; badgeLabel: string; mentions?: number }[] = [
    { id: 'chats', label: t('social.tabChats'), badge: unread, badgeLabel: t('social.unreadTotal', { count: unread }), mentions: mentioned },
    { id: 'contacts', label: t('social.tabContacts'), badge: incoming.length, badgeLabel: t('social.requestsWaiting', { count: incoming.length }) },
    { id: 'me', label: t('social.tabMe'), badge: 0, badgeLabel: '' },
  ];
  return (
    <div className="sidebar-tabs" role="tablist" aria-label={t('social.sections')}>
      {tabs.map((x) => (
        <button
          key={x.id}
          type="button"
          role="tab"
          aria-selected={tab === x.id}
          className={tab === x.id ? 'sidebar-tab active' : 'sidebar-tab'}
          onClick={() => onTab(x.id)}
        >
          <TabIcon tab={x.id} />
          <span>{x.label}</span>
          <MentionBadge count={x.mentions ?? 0} label={t('talk.mentionTotal', { count: x.mentions ?? 0 })} />
          <Badge count={x.badge} label={x.badgeLabel} />
        </button>
      ))}
    </div>
  );
}
