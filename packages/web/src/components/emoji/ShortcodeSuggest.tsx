import { useTranslation } from 'react-i18next';
import type { EmojiEntry } from '../../lib/emoji';

/** The list shown while typing ":smi": Enter or Tab takes the highlighted one, a click takes any. */
export function ShortcodeSuggest({ options, active, onPick }: { options: EmojiEntry[]; active: number; onPick: (e: EmojiEntry) => void }) {
  const { t } = useTranslation();
  if (options.length === 0) return null;
  return (
    <ul className="shortcode-suggest" role="listbox" aria-label={t('emoji.suggestions')}>
      {options.map((e, i) => (
        <li
          key={e.emoji}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(ev) => {
            // Keep the textarea's focus and caret.
            ev.preventDefault();
            onPick(e);
          }}
        >
          <span className="shortcode-emoji">{e.emoji}</span>
          <span className="shortcode-name">:{e.shortcodes[0] ?? e.label}:</span>
        </li>
      ))}
    </ul>
  );
}
