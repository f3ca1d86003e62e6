import { useTranslation } from 'react-i18next';
import { optionText, type MentionOption } from '../../lib/mention-typing';
import { Avatar } from '../Avatar';

/** People to mention while typing "@ma": arrows move, Enter or Tab takes one, a tap takes any. */
export function MentionSuggest({ id, options, active, onPick }: { id: string; options: MentionOption[]; active: number; onPick: (o: MentionOption) => void }) {
  const { t } = useTranslation();
  if (options.length === 0) return null;
  return (
    <ul id={id} className="shortcode-suggest mention-suggest" role="listbox" aria-label={t('talk.mentionSuggestions')}>
      {options.map((o, i) => (
        <li
          key={o.kind === 'user' ? o.user.id : `room-${o.name}`}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(ev) => {
            // Keep the textarea's focus and caret.
            ev.preventDefault();
            onPick(o);
          }}
        >
          <Avatar name={optionText(o)} size="sm" />
          <span className="mention-option-name">@{optionText(o)}</span>
          {o.kind === 'room' && <span className="shortcode-name">{t('talk.mentionRoom')}</span>}
        </li>
      ))}
    </ul>
  );
}
