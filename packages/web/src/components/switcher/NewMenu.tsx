import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PenIcon, PlusIcon, SearchIcon } from '../Icons';

export type NewChoice = 'dm' | 'create' | 'browse';

/** The one "new" button of the sidebar: a menu of new message, new room and browse rooms. */
export function NewMenu({ onChoose }: { onChoose: (choice: NewChoice) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const items: { choice: NewChoice; label: string; icon: React.ReactNode }[] = [
    { choice: 'dm', label: t('nav.newDm'), icon: <PenIcon /> },
    { choice: 'create', label: t('nav.newRoom'), icon: <PlusIcon /> },
    { choice: 'browse', label: t('nav.browseRooms'), icon: <SearchIcon /> },
  ];

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const list = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') close(false);
  }

  return (
    <div
      className="new-menu"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="button primary new-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        title={t('comfort.newMenu')}
        onClick={() => setOpen((v) => !v)}
      >
        <PlusIcon />
        <span>{t('comfort.new')}</span>
      </button>
      {open && (
        <div ref={menuRef} id={`${id}-menu`} className="new-menu-list" role="menu" aria-label={t('comfort.newMenu')} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.choice}
              type="button"
              role="menuitem"
              className="new-menu-item"
              onClick={() => {
                close(false);
                onChoose(item.choice);
              }}
            >
              {item.icon}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
