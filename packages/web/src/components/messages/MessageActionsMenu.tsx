import { useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MessageAction, MessageActionId } from '../../lib/message-actions';
import { ACTION_ICONS } from './ActionIcons';
import '../../styles/message-actions.css';

const GAP = 4;
const EDGE = 8;

/**
 * The actions of one message: a small menu next to its button on a desktop, a sheet from the bottom
 * of the screen on a phone. Rendered at the end of the page (the message list scrolls and clips).
 * Arrow keys, Home and End move between entries; Escape and Tab close it and give focus back.
 */
export function MessageActionsMenu({
  actions,
  anchor,
  sheet,
  onChoose,
  onClose,
}: {
  actions: MessageAction[];
  anchor: HTMLElement;
  sheet: boolean;
  onChoose: (id: MessageActionId) => void;
  /** `refocus`: put focus back on the message (the menu was left with the keyboard). */
  onClose: (refocus: boolean) => void;
}) {
  const { t } = useTranslation();
  const layer = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  /** A press began inside: the click that ends the long-press that opened a sheet did not. */
  const pressed = useRef(false);
  const closeRef = useRef(onClose);
  useLayoutEffect(() => {
    closeRef.current = onClose;
  });

  // Next to its anchor, inside the viewport, placed before it is painted (and so focusable at
  // once); it follows the anchor when the list scrolls (new messages, rows settling) and goes when
  // the anchor does.
  const place = useCallback(() => {
    const el = box.current;
    if (sheet || !el) return;
    if (!anchor.isConnected) return closeRef.current(false);
    const a = anchor.getBoundingClientRect();
    const m = el.getBoundingClientRect();
    let top = a.bottom + GAP;
    if (top + m.height > window.innerHeight - EDGE) top = Math.max(EDGE, a.top - m.height - GAP);
    const left = Math.min(Math.max(EDGE, a.right - m.width), window.innerWidth - m.width - EDGE);
    el.style.top = `${top}px`;
    el.style.left = `${left}px`;
  }, [anchor, sheet]);
  useLayoutEffect(place, [place]);

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    const inside = (target: EventTarget | null) => target instanceof Node && (layer.current?.contains(target) || anchor.contains(target));
    const onPress = (e: PointerEvent) => {
      if (!inside(e.target)) closeRef.current(false);
    };
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(place);
    };
    const onResize = () => closeRef.current(false);
    document.addEventListener('pointerdown', onPress, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPress, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
      cancelAnimationFrame(frame);
    };
  }, [anchor, place]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const entries = actions.map((a) => {
    const Icon = ACTION_ICONS[a.id];
    return (
      <button
        key={a.id}
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={a.danger ? 'menu-item danger' : 'menu-item'}
        onClick={(e) => {
          // A pointer click counts only if the press began here (e.detail is 0 for Enter and Space).
          if (e.detail === 0 || pressed.current) onChoose(a.id);
        }}
      >
        <Icon />
        <span>{t(a.label)}</span>
      </button>
    );
  });

  return createPortal(
    <div
      ref={layer}
      className={sheet ? 'message-menu-layer sheet' : 'message-menu-layer'}
      onKeyDown={onKeyDown}
      onPointerDownCapture={() => {
        pressed.current = true;
      }}
    >
      {sheet && (
        <div
          className="message-menu-backdrop"
          aria-hidden="true"
          onClick={() => {
            if (pressed.current) onClose(true);
          }}
        />
      )}
      <div ref={box} className={sheet ? 'message-sheet' : 'message-popover'}>
        <div ref={menu} role="menu" aria-label={t('messageActions.menu')} className="message-menu">
          {entries}
        </div>
        {sheet && (
          <button
            type="button"
            className="menu-item sheet-cancel"
            onClick={(e) => {
              if (e.detail === 0 || pressed.current) onClose(true);
            }}
          >
            {t('common.cancel')}
          </button>
        )}
      </div>
    </div>,
    document.body,
  );
}
