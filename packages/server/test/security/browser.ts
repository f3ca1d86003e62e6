import { uniqueName } from '../helpers/clients';

/** What a browser holds after signing up: the cookies it would send back, parsed from Set-Cookie. */
export interface CookieSession {
  user: { id: string; username: string };
  token: string;
  /** The Cookie header a browser would send. */
  cookie: string;
  csrf: string;
  setCookies: string[];
}

export function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

function jar(setCookies: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return out;
}

export async function browserSignUp(url: string, headers: Record<string, string> = {}, username = uniqueName('b')): Promise<CookieSession> {
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin, ...headers },
    body: JSON.stringify({ username, password: 'correct horse 1' }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(body)}`);
  const setCookies = cookiesOf(res);
  const cookies = jar(setCookies);
  const csrf = [...cookies].find(([k]) => k.endsWith('natter_csrf'))?.[1] ?? '';
  return { user: body.user, token: body.token, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), csrf, setCookies };
}

/** A call the way the page makes it: cookie, Origin of the page, and the CSRF header unless left out. */
export function browserCall(url: string, s: CookieSession, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(url + path, {
    method,
    headers: {
      cookie: s.cookie,
      origin: new URL(url).origin,
      'x-csrf-token': s.csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}
