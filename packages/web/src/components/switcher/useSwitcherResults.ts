import { useEffect, useState } from 'react';
import type { SwitcherItem, SwitcherSource } from './sources';

const SEARCH_DELAY_MS = 250;

export interface SectionResult {
  source: SwitcherSource;
  items: SwitcherItem[];
}

/** Asks every source for the typed text (after a pause in typing); older answers are dropped. */
export function useSwitcherResults(query: string, sources: readonly SwitcherSource[]): { sections: SectionResult[]; searching: boolean } {
  const [state, setState] = useState<{ query: string; sections: SectionResult[] }>({ query: '', sections: [] });
  const q = query.trim();
  useEffect(() => {
    if (!q) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const asked = sources.filter((s) => q.length >= (s.minLength ?? 1));
      void Promise.all(
        asked.map((source) =>
          source.search(q, abort.signal).then(
            (items) => ({ source, items }),
            // A failed or rate-limited search leaves its section empty; the others still answer.
            () => ({ source, items: [] as SwitcherItem[] }),
          ),
        ),
      ).then((sections) => {
        if (!abort.signal.aborted) setState({ query: q, sections });
      });
    }, SEARCH_DELAY_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [q, sources]);
  const current = state.query === q;
  return { sections: current ? state.sections : [], searching: q !== '' && !current };
}
