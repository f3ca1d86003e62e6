import { useEffect } from 'react';

/**
 * Phones shrink the visual viewport when the on-screen keyboard opens, which 100dvh does not follow
 * everywhere (iOS Safari). The app height tracks visualViewport so the composer stays above the keys.
 */
export function useViewportHeight(): void {
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const root = document.documentElement;
    const apply = () => {
      root.style.setProperty('--app-height', `${Math.round(vv.height)}px`);
      // iOS scrolls the page under the keyboard; the app is sized to the visible part, so undo it.
      if (window.scrollY !== 0 && vv.height < window.innerHeight) window.scrollTo(0, 0);
    };
    apply();
    vv.addEventListener('resize', apply);
    vv.addEventListener('scroll', apply);
    return () => {
      vv.removeEventListener('resize', apply);
      vv.removeEventListener('scroll', apply);
      root.style.removeProperty('--app-height');
    };
  }, []);
}
