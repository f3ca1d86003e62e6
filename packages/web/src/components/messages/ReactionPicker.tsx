import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { quickReactions, recentEmoji, rememberEmoji } from '../../lib/recent-emoji';

const EmojiPicker = lazy(() => import('../emoji/EmojiPicker'));

const PHONE = '(max-width: 767.98px)';
const EDGE = 8;

/**
 * Picks a reaction for one message: a row of the emoji used last (then common ones) and a button
 * for the full picker (its search and recent ones). Next to the message on a desktop, a sheet at the bottom on a phone.
 * Arrow keys move along the row; Escape closes and gives focus back.
 */
export function ReactionPicker({ anchor, onPick, onClose }: { anchor: HTMLElement; onPick: (emoji: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const row = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState(false);
  const [sheet] = useState(() => window.matchMedia(PHONE).matches);
  // Read once: the row does not reorder under the finger while the picker is open.
  const [quick] = useState(() => quickReactions(recentEmoji()));
  const closeRef = useRef(onClose);
  useLayoutEffect(() => {
    closeRef.current = onClose;
  });

  useLayoutEffect(() => {
    const el = box.current;
    if (sheet || !el) return;
    const a = anchor.getBoundingClientRect();
    const m = el.getBoundingClientRect();
    let top = a.bottom + 4;
    if (top + m.height > window.innerHeight - EDGE) top = Math.max(EDGE, a.top - m.height - 4);
    el.style.top = `${top}px`;
    el.style.left = `${Math.min(Math.max(EDGE, a.left), window.innerWidth - m.width - EDGE)}px`;
  }, [anchor, sheet, more]);

  useEffect(() => {
    row.current?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    const onPress = (e: PointerEvent) => {
      if (!(e.target instanceof Node && box.current?.contains(e.target))) closeRef.current();
    };
    document.addEventListener('pointerdown', onPress, true);
    return () => document.removeEventListener('pointerdown', onPress, true);
  }, []);

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    const buttons = [...(row.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (at < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    e.preventDefault();
    buttons[(at + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
  };

  return createPortal(
    <div className={sheet ? 'reaction-layer sheet' : 'reaction-layer'}>
      {sheet && <div className="message-menu-backdrop" aria-hidden="true" />}
      <div ref={box} className={sheet ? 'reaction-picker sheet' : 'reaction-picker'} role="dialog" aria-label={t('talk.react')} onKeyDown={onKeyDown}>
        <div ref={row} className="reaction-quick" role="group" aria-label={t('talk.quickReactions')}>
          {quick.map((emoji) => (
            <button key={emoji} type="button" className="reaction-quick-button" aria-label={emoji} onClick={() => pick(emoji)}>
              {emoji}
            </button>
          ))}
          <button type="button" className="reaction-quick-button more" aria-label={t('talk.moreEmoji')} title={t('talk.moreEmoji')} aria-expanded={more} onClick={() => setMore((m) => !m)}>
            +
          </button>
        </div>
        {more && (
          <Suspense fallback={<p className="emoji-empty">{t('emoji.loading')}</p>}>
            <EmojiPicker onPick={pick} onClose={onClose} />
          </Suspense>
        )}
      </div>
    </div>,
    document.body,
  );
}
