import { useCallback, useSyncExternalStore } from 'react';
import { parseHash, routeToHash, type Route } from '../lib/route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

export function useRoute(): [Route, (next: Route, opts?: { replace?: boolean }) => void] {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback((next: Route, opts?: { replace?: boolean }) => {
    const target = routeToHash(next);
    if (target === window.location.hash) return;
    if (opts?.replace) {
      history.replaceState(null, '', target);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = target;
    }
  }, []);
  return [parseHash(hash), navigate];
}
