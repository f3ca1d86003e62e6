/* Browsers that use the session cookie echo the server's CSRF cookie in this header on every change. */

export const CSRF_HEADER = 'x-csrf-token';
const NAMES = ['__Host-natter_csrf', '__Secure-natter_csrf', 'natter_csrf'];

/** The CSRF token the server set for this page's session, or null outside a browser or before login. */
export function csrfToken(cookieHeader: string | undefined = (globalThis as { document?: { cookie?: string } }).document?.cookie): string | null {
  if (!cookieHeader) return null;
  const jar = new Map<string, string>();
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const name of NAMES) {
    const value = jar.get(name);
    if (value) return value;
  }
  return null;
}

/** Headers a raw fetch or XHR (uploads) must add to a state-changing request made with the cookie. */
export function csrfHeaders(): Record<string, string> {
  const token = csrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}
