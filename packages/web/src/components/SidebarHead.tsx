import { useTranslation } from 'react-i18next';
import { GearIcon, SearchIcon } from './Icons';
import type { SwitcherSource } from './switcher/sources';
import { NewMenu, type NewChoice } from './switcher/NewMenu';
import { QuickSwitcher } from './switcher/QuickSwitcher';

/** Brand, message search and settings, then the find/switch field beside the one "new" button. */
export function SidebarHead({
  onSettings,
  onSearch,
  onNew,
  onOpen,
  onSummon,
  sources,
}: {
  onSettings: () => void;
  /** Opens the message search view (filters, dates). */
  onSearch: () => void;
  onNew: (choice: NewChoice) => void;
  onOpen: (conversationId: string) => void;
  onSummon: () => void;
  sources?: readonly SwitcherSource[] | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <header className="sidebar-head">
        <h1 className="brand">{t('app.name')}</h1>
        <button type="button" className="icon-button" aria-label={t('search.open')} title={t('search.open')} onClick={onSearch}>
          <SearchIcon />
        </button>
        <button type="button" className="icon-button" aria-label={t('nav.settings')} title={t('nav.settings')} onClick={onSettings}>
          <GearIcon />
        </button>
      </header>
      <div className="sidebar-find">
        <QuickSwitcher onOpen={onOpen} onSummon={onSummon} {...(sources ? { sources } : {})} />
        <NewMenu onChoose={onNew} />
      </div>
    </>
  );
}
