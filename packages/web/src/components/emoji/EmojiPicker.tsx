import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EmojiData, type EmojiEntry, loadEmoji, recentEmoji, rememberEmoji, searchEmoji } from '../../lib/emoji';

/**
 * Searchable emoji grid with recently used ones first. Loaded with its data only when first
 * opened (React.lazy in the composer), so it costs nothing on the first page load.
 */
export default function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string, keepOpen: boolean) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<EmojiData | null>(null);
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState(recentEmoji);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void loadEmoji(i18n.language).then((d) => live && setData(d));
    return () => {
      live = false;
    };
  }, [i18n.language]);
  useEffect(() => searchRef.current?.focus(), []);

  const byGroup = useMemo(() => {
    const groups = new Map<number, EmojiEntry[]>();
    for (const e of data?.entries ?? []) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
    return groups;
  }, [data]);
  const found = useMemo(() => (data && query.trim() ? searchEmoji(data, query, 120) : null), [data, query]);

  /** Shift held: the picker stays open for another pick. */
  function pick(emoji: string, keepOpen: boolean) {
    rememberEmoji(emoji);
    setRecent(recentEmoji());
    onPick(emoji, keepOpen);
  }

  const cell = (emoji: string, label: string) => (
    <button key={emoji} type="button" className="emoji-cell" title={label} aria-label={label} onClick={(e) => pick(emoji, e.shiftKey)}>
      {emoji}
    </button>
  );

  return (
    <div
      className="emoji-picker"
      role="dialog"
      aria-label={t('emoji.open')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        ref={searchRef}
        type="search"
        className="emoji-search"
        placeholder={t('emoji.search')}
        aria-label={t('emoji.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="emoji-scroll">
        {!data && <p className="emoji-empty">{t('emoji.loading')}</p>}
        {found && (found.length === 0 ? <p className="emoji-empty">{t('emoji.noResults')}</p> : <div className="emoji-grid">{found.map((e) => cell(e.emoji, e.label))}</div>)}
        {!found && data && (
          <>
            {recent.length > 0 && (
              <section>
                <h3 className="emoji-group">{t('emoji.recent')}</h3>
                <div className="emoji-grid">{recent.map((e) => cell(e, e))}</div>
              </section>
            )}
            {data.groups.map((g) => {
              const list = byGroup.get(g.order) ?? [];
              return list.length === 0 ? null : (
                <section key={g.key}>
                  <h3 className="emoji-group">{g.label}</h3>
                  <div className="emoji-grid">{list.map((e) => cell(e.emoji, e.label))}</div>
                </section>
              );
            })}
          </>
        )}
      </div>
    </div>
  );
}
