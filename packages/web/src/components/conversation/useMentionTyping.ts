import { useState, type KeyboardEvent } from 'react';
import type { UserRef } from '@natter/protocol';
import { mentionAt, mentionOptions, optionText, type MentionOption } from '../../lib/mention-typing';

/**
 * The @ suggestions of the composer: what is offered for the `@name` before the caret, and its keys
 * (arrows move, Enter or Tab takes one, Escape puts the list away for this @).
 */
export function useMentionTyping(body: string, caret: number, members: readonly UserRef[], meId: string, mayMentionRoom: boolean) {
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const typed = mentionAt(body, caret);
  const options = typed && typed.start !== dismissed ? mentionOptions(typed.query, members, meId, mayMentionRoom) : [];
  const current = Math.min(active, Math.max(0, options.length - 1));

  /** Replaces the typed `@na` with `@name ` through the composer's own insert. */
  const pick = (o: MentionOption, insert: (text: string, from: number, to: number) => void) => {
    if (!typed) return;
    insert(`@${optionText(o)} `, typed.start, caret);
    setActive(0);
  };

  /** True when the key was the list's. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>, insert: (text: string, from: number, to: number) => void): boolean => {
    if (options.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((current + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
      return true;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && !e.nativeEvent.isComposing) {
      e.preventDefault();
      pick(options[current]!, insert);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setDismissed(typed?.start ?? null);
      return true;
    }
    return false;
  };

  return { options, active: current, pick, onKeyDown, reset: () => setActive(0) };
}
