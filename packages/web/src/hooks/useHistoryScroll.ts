import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useClient } from './useClient';

export const PAGE_SIZE = 50;
/** Distance from an edge, in pixels, that still counts as being at it. */
const EDGE_PX = 64;

interface Options {
  conversationId: string;
  /** Keys of the first and last rendered entries: they tell a prepend from an append. */
  firstKey: string | null;
  lastKey: string | null;
  lastIsMine: boolean;
  hasMore: boolean;
  oldestSeq: number | null;
  /** Height of the (virtualized) content: rows measured after a jump may still grow it. */
  contentHeight?: number;
  /**
   * For a virtualized list, whose rows above are measured only after they appear: names the row being
   * read and puts it back in place, again after each measurement, until the reader scrolls.
   */
  anchor?: RowAnchor;
}

export interface RowAnchor {
  capture(): { key: string; delta: number } | null;
  restore(at: { key: string; delta: number }): void;
}

/** How long a restored place is held while rows above settle to their measured heights. */
const HOLD_MS = 1000;

/**
 * Keeps a chat scroller pinned to the newest message while the reader is there, loads older pages
 * when they scroll to the top without moving what they are reading, and tells when they are away
 * from the bottom (for "jump to latest").
 */
export function useHistoryScroll({ conversationId, firstKey, lastKey, lastIsMine, hasMore, oldestSeq, contentHeight, anchor }: Options) {
  const client = useClient();
  const containerRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [firstPageLoaded, setFirstPageLoaded] = useState(false);
  const loadingRef = useRef(false);
  const anchorRef = useRef<{ height: number; top: number } | null>(null);
  const holdRef = useRef<{ key: string; delta: number } | null>(null);
  const holdTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const heldTop = useRef(0);
  const anchorApi = useRef(anchor);
  useLayoutEffect(() => {
    anchorApi.current = anchor;
  });
  // Starts empty so that opening a conversation whose messages are already held lands at the newest.
  const prev = useRef<{ firstKey: string | null; lastKey: string | null }>({ firstKey: null, lastKey: null });

  // Always fetch the newest page on open: the store may hold only live messages so far.
  useEffect(() => {
    let cancelled = false;
    client
      .getMessages(conversationId, { limit: PAGE_SIZE })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setFirstPageLoaded(true);
      });
    return () => {
      cancelled = true;
    };
  }, [client, conversationId]);

  const loadOlder = useCallback(() => {
    const el = containerRef.current;
    if (!el || loadingRef.current || !hasMore || oldestSeq === null || !firstPageLoaded) return;
    loadingRef.current = true;
    setLoadingOlder(true);
    anchorRef.current = { height: el.scrollHeight, top: el.scrollTop };
    if (holdTimer.current) clearTimeout(holdTimer.current);
    holdRef.current = anchorApi.current?.capture() ?? null;
    client
      .getMessages(conversationId, { limit: PAGE_SIZE, before: oldestSeq })
      .catch(() => undefined)
      .finally(() => {
        loadingRef.current = false;
        setLoadingOlder(false);
      });
  }, [client, conversationId, hasMore, oldestSeq, firstPageLoaded]);

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const before = prev.current;
    prev.current = { firstKey, lastKey };
    const anchor = anchorRef.current;
    if (anchor && firstKey !== before.firstKey) {
      // Older messages went in above: shift by exactly their height so the view does not jump.
      const hold = holdRef.current;
      if (hold && anchorApi.current) {
        anchorApi.current.restore(hold);
        heldTop.current = el.scrollTop;
        if (holdTimer.current) clearTimeout(holdTimer.current);
        holdTimer.current = setTimeout(() => {
          if (holdRef.current === hold) holdRef.current = null;
        }, HOLD_MS);
      } else {
        el.scrollTop = anchor.top + (el.scrollHeight - anchor.height);
      }
      anchorRef.current = null;
    } else if (lastKey !== before.lastKey && (atBottomRef.current || lastIsMine)) {
      el.scrollTop = el.scrollHeight;
      atBottomRef.current = true;
      setAtBottom(true);
    }
  }, [firstKey, lastKey, lastIsMine]);

  // Rows rendered near the bottom are measured after they appear; stay pinned while they settle.
  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    if (holdRef.current && !anchorRef.current) {
      anchorApi.current?.restore(holdRef.current);
      heldTop.current = el.scrollTop;
    } else if (atBottomRef.current && !anchorRef.current) el.scrollTop = el.scrollHeight;
  }, [contentHeight]);

  // The reader taking over ends the hold at once.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const release = () => {
      holdRef.current = null;
    };
    const events = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    for (const e of events) el.addEventListener(e, release, { passive: true });
    return () => {
      for (const e of events) el.removeEventListener(e, release);
      if (holdTimer.current) clearTimeout(holdTimer.current);
    };
  }, []);

  // A first page shorter than the viewport cannot be scrolled up: fetch more until it fills.
  useEffect(() => {
    const el = containerRef.current;
    if (el && firstPageLoaded && !loadingOlder && hasMore && el.scrollHeight <= el.clientHeight + EDGE_PX) loadOlder();
  }, [firstPageLoaded, loadingOlder, hasMore, firstKey, loadOlder]);

  // The composer growing or the on-screen keyboard opening must not hide the newest message.
  useEffect(() => {
    const el = containerRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    // Scrolled somewhere else than the held place: the reader (or a jump) has taken over.
    if (holdRef.current && Math.abs(el.scrollTop - heldTop.current) > 1) holdRef.current = null;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    atBottomRef.current = bottom;
    setAtBottom(bottom);
    if (el.scrollTop < EDGE_PX * 2) loadOlder();
  }, [loadOlder]);

  const jumpToLatest = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottomRef.current = true;
    setAtBottom(true);
  }, []);

  return { containerRef, onScroll, loadOlder, jumpToLatest, atBottom, loadingOlder, firstPageLoaded };
}
