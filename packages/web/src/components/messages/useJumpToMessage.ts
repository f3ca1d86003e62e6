import { useCallback, useEffect, useRef, useState } from 'react';
import type { Message } from '@natter/protocol';
import { useClient } from '../../hooks/useClient';

const HIGHLIGHT_MS = 2000;
const PAGE = 100;
/** Further back than this many messages, paging the gap in would take too long: the jump gives up. */
const MAX_GAP = 2000;

export interface JumpTarget {
  messageId: string;
  seq: number;
}

/**
 * Jumps to a message of the conversation: at once when it is held; otherwise asks the server for
 * the history around it (which also says whether it still exists) and pages the older history in
 * until the held run reaches it, so the list stays one gapless run. Then scrolls it into the middle
 * of the view and highlights it for a moment. `scrollTo` returns false while its row is not rendered.
 */
export function useJumpToMessage(conversationId: string, messages: readonly Message[], scrollTo: (messageId: string) => boolean) {
  const client = useClient();
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const held = messages.some((m) => m.id === target);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // The target is (now) held: scroll to it, again on the next frames while rows settle.
  useEffect(() => {
    if (!target || !held) return;
    let frames = 0;
    let raf = 0;
    const step = () => {
      const done = scrollTo(target);
      if (done && frames > 3) {
        setTarget(null);
        setHighlightId(target);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
        return;
      }
      if (++frames < 30) raf = requestAnimationFrame(step);
    };
    step();
    return () => cancelAnimationFrame(raf);
  }, [target, held, scrollTo]);

  const jumpTo = useCallback(
    async ({ messageId, seq }: JumpTarget) => {
      setFailed(null);
      const run = client.store.getSnapshot().messages[conversationId] ?? [];
      if (run.some((m) => m.id === messageId)) return setTarget(messageId);
      const oldest = run[0]?.seq;
      try {
        const around = await client.getMessagesAround(conversationId, seq, 20);
        if (!around.messages.some((m) => m.id === messageId)) throw new Error('not_found');
        if (oldest !== undefined && oldest - seq > MAX_GAP) throw new Error('too_far');
        for (let guard = 0; guard < MAX_GAP / PAGE + 1; guard++) {
          const now = client.store.getSnapshot().messages[conversationId] ?? [];
          const first = now[0]?.seq;
          if (first === undefined || first <= seq) break;
          const page = await client.getMessages(conversationId, { before: first, limit: PAGE });
          if (!page.hasMore) break;
        }
        setTarget(messageId);
      } catch {
        setFailed(messageId);
      }
    },
    [client, conversationId],
  );

  return { jumpTo, highlightId, failed, clearFailed: () => setFailed(null) };
}
