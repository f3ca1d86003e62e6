import { iconProps } from '../Icons';
import type { SidebarTab } from './SidebarTabs';

/* Decorative: each tab shows its name next to the icon. Icons are shown on the phone tab bar only. */
const common = { ...iconProps, className: 'tab-icon', width: 22, height: 22 };

export function TabIcon({ tab }: { tab: SidebarTab }) {
  if (tab === 'chats')
    return (
      <svg {...common}>
        <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
      </svg>
    );
  if (tab === 'contacts')
    return (
      <svg {...common}>
        <circle cx="9" cy="8" r="3.5" />
        <path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6" />
      </svg>
    );
  return (
    <svg {...common}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21a8 8 0 0 1 16 0" />
    </svg>
  );
}
