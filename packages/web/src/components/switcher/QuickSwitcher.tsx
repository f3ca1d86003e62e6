import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../hooks/useClient';
import { useSnapshot } from '../../hooks/useSnapshot';
import { conversationTitle } from '../../lib/conversation';
import { errorText, readError } from '../../lib/errors';
import { Avatar } from '../Avatar';
import { SearchIcon } from '../Icons';
import { DmRefused } from '../social/DmRefused';
import { peopleSource, roomsSource, type SwitcherItem, type SwitcherSource } from './sources';
import { useSwitcherResults } from './useSwitcherResults';

const MAX_CONVERSATIONS = 8;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Focuses the field once it is laid out (the summon may first switch tab or leave a conversation). */
function focusWhenShown(ref: React.RefObject<HTMLInputElement | null>, frames: number): void {
  requestAnimationFrame(() => {
    const input = ref.current;
    if (input && input.offsetParent !== null) {
      input.focus();
      input.select();
    } else if (frames > 0) focusWhenShown(ref, frames - 1);
  });
}

export function shortcutLabel(t: (key: string) => string): string {
  return isMac ? t('comfort.findShortcutMac') : t('comfort.findShortcut');
}

/**
 * The sidebar's one field: filters my conversations and finds people and public rooms as I type;
 * Ctrl/⌘+K focuses it from anywhere, arrows move, Enter opens, Escape clears and leaves.
 * `sources` adds sections after the built-in ones (e.g. messages found by a search).
 */
export function QuickSwitcher({
  onOpen,
  onSummon,
  sources: extraSources,
}: {
  onOpen: (conversationId: string) => void;
  /** Before focusing on Ctrl/⌘+K: make the field visible (the Chats tab, the list on a phone). */
  onSummon?: () => void;
  sources?: readonly SwitcherSource[];
}) {
  const { t } = useTranslation();
  const client = useClient();
  const { conversations } = useSnapshot();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ onOpen, onSummon });
  useEffect(() => {
    latest.current = { onOpen, onSummon };
  });

  const sources = useMemo(() => [peopleSource(client, t), roomsSource(client, t), ...(extraSources ?? [])], [client, t, extraSources]);
  const { sections, searching } = useSwitcherResults(query, sources);

  const q = query.trim().toLowerCase();
  const chats: SwitcherItem[] = useMemo(
    () =>
      q
        ? conversations
            .filter((c) => conversationTitle(c, t).toLowerCase().includes(q))
            .slice(0, MAX_CONVERSATIONS)
            .map((c) => ({ key: `conv:${c.id}`, label: conversationTitle(c, t), kind: c.kind === 'room' ? 'room' : 'conversation', run: () => c.id }))
        : [],
    [conversations, q, t],
  );
  const groups = [{ key: 'chats', title: t('comfort.sectionChats'), items: chats }, ...sections.map((s) => ({ key: s.source.key, title: s.source.title, items: s.items }))].filter(
    (g) => g.items.length > 0,
  );
  const flat = groups.flatMap((g) => g.items);
  // A refusal or failure replaces the list until the text changes.
  const shown = open && q !== '' && !refused && !error;
  const activeIndex = Math.min(active, Math.max(flat.length - 1, 0));

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        latest.current.onSummon?.();
        focusWhenShown(inputRef, 30);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function leave() {
    setQuery('');
    setOpen(false);
    setRefused(null);
    setError(null);
  }

  async function choose(item: SwitcherItem | undefined) {
    if (!item) return;
    setError(null);
    setRefused(null);
    try {
      const opened = await item.run();
      leave();
      if (opened) onOpen(opened);
      inputRef.current?.blur();
    } catch (err) {
      if (readError(err).code === 'not_accepting') setRefused(item.label);
      else setError(errorText(err, t));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (flat.length > 0) setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : flat.length - 1)) % flat.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void choose(flat[activeIndex]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (query) leave();
      else inputRef.current?.blur();
    }
  }

  const optionId = (i: number) => `${id}-opt-${i}`;
  let index = -1;
  return (
    <div
      className="switcher"
      onBlur={(e) => {
        // A refusal stays (its button takes the focus and goes away once the request is sent);
        // typing or Escape clears it.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <div className="switcher-field">
        <SearchIcon />
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label={t('comfort.findLabel')}
          aria-expanded={shown}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={shown && flat.length > 0 ? optionId(activeIndex) : undefined}
          aria-keyshortcuts="Control+K Meta+K"
          placeholder={t('comfort.findPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={query}
          onFocus={() => setOpen(true)}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
            setRefused(null);
            setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <kbd className="switcher-key" aria-hidden="true">
          {shortcutLabel(t)}
        </kbd>
      </div>
      <div className="switcher-results" id={`${id}-list`} role="listbox" aria-label={t('comfort.findLabel')} hidden={!shown}>
        {groups.map((g) => (
          <div key={g.key} role="group" aria-labelledby={`${id}-${g.key}`}>
            <div className="switcher-section" id={`${id}-${g.key}`} role="presentation">
              {g.title}
            </div>
            {g.items.map((item) => {
              index += 1;
              const i = index;
              return (
                <div
                  key={item.key}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === activeIndex}
                  className={i === activeIndex ? 'switcher-option active' : 'switcher-option'}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i)}
                  onClick={() => void choose(item)}
                >
                  {item.kind === 'room' ? (
                    <span className="room-badge" aria-hidden="true">
                      #
                    </span>
                  ) : item.kind === 'message' && item.avatar === undefined ? (
                    <span className="room-badge" aria-hidden="true">
                      <SearchIcon />
                    </span>
                  ) : (
                    <Avatar name={item.avatar ?? item.label} />
                  )}
                  <span className="switcher-option-label">{item.label}</span>
                  {item.detail && <span className="switcher-option-detail">{item.detail}</span>}
                </div>
              );
            })}
          </div>
        ))}
        {flat.length === 0 && <p className="switcher-empty">{searching ? t('comfort.searching') : t('comfort.nothingFound', { query: query.trim() })}</p>}
      </div>
      {(refused || error) && (
        <div className="switcher-note">
          {refused && <DmRefused username={refused} />}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
