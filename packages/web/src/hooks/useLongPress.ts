import { useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

/** How long a finger rests before it counts as a long-press (the platforms use 400–600 ms). */
export const LONG_PRESS_MS = 500;
/** Moving further than this is scrolling, not pressing. */
const SLOP_PX = 10;

/**
 * The click a lifted finger may still produce after a long-press lands on whatever the long-press
 * opened (a dialog's backdrop would close it): it is swallowed, once, wherever it lands.
 */
function swallowClickAfterLift(onSwallowed: () => void): void {
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
    onSwallowed();
    done();
  };
  let lifted: ReturnType<typeof setTimeout> | undefined;
  const onLift = () => {
    lifted = setTimeout(done, 400);
  };
  const done = () => {
    document.removeEventListener('click', swallow, true);
    document.removeEventListener('pointerup', onLift, true);
    document.removeEventListener('pointercancel', onLift, true);
    clearTimeout(lifted);
  };
  document.addEventListener('click', swallow, true);
  document.addEventListener('pointerup', onLift, true);
  document.addEventListener('pointercancel', onLift, true);
}

/**
 * Long-press by touch. A press that moves (a scroll) or lifts early is nothing; one that fired eats
 * the click and the browser's own menu that would follow it, so a long-press on a link does not
 * also open the link.
 */
export function useLongPress(onLongPress: () => void, enabled: boolean) {
  const latest = useRef(onLongPress);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const origin = useRef<{ x: number; y: number } | null>(null);
  const fired = useRef(false);
  useEffect(() => {
    latest.current = onLongPress;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    origin.current = null;
  };

  return {
    onPointerDown(e: PointerEvent) {
      cancel();
      fired.current = false;
      if (!enabled || e.pointerType !== 'touch') return;
      origin.current = { x: e.clientX, y: e.clientY };
      timer.current = setTimeout(() => {
        timer.current = null;
        fired.current = true;
        swallowClickAfterLift(() => {
          fired.current = false;
        });
        latest.current();
      }, LONG_PRESS_MS);
    },
    onPointerMove(e: PointerEvent) {
      const o = origin.current;
      if (o && Math.hypot(e.clientX - o.x, e.clientY - o.y) > SLOP_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onContextMenu(e: MouseEvent) {
      // Touch browsers raise their own menu on a long-press: ours replaces it.
      if (timer.current || fired.current) e.preventDefault();
    },
    onClickCapture(e: MouseEvent) {
      if (!fired.current) return;
      fired.current = false;
      e.preventDefault();
      e.stopPropagation();
    },
  };
}
