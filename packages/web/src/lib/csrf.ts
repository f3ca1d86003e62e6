/**
 * The server wants state-changing cookie-authenticated calls to echo its CSRF cookie in a header.
 * The name may carry a prefix (`__Host-` over HTTPS), so any cookie ending in `natter_csrf` counts.
 */
export function csrfTokenFrom(cookieHeader: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === 'natter_csrf' || name.endsWith('-natter_csrf')) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Wraps fetch so every unsafe request carries the CSRF token when the page holds one. */
export function fetchWithCsrf(base: typeof fetch, readCookie: () => string): typeof fetch {
  return (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const token = SAFE_METHODS.has(method) ? null : csrfTokenFrom(readCookie());
    if (!token) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('X-CSRF-Token', token);
    return base(input, { ...init, headers });
  };
}
