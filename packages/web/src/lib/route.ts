export type Route =
  | { name: 'home' }
  | { name: 'conversation'; id: string; /** Opened at this message (links in missed-message emails). */ message?: { id: string; seq: number } }
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'forgot' }
  | { name: 'verify-email'; token: string }
  | { name: 'reset-password'; token: string };

/** Tokens from emailed links travel in the fragment, which never reaches a server log. */
const LINK = /^\/(verify-email|reset-password)\/([A-Za-z0-9_-]{16,128})$/;

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/login') return { name: 'login' };
  if (path === '/signup') return { name: 'signup' };
  if (path === '/forgot-password') return { name: 'forgot' };
  const link = LINK.exec(path);
  if (link?.[1] && link[2]) return { name: link[1] as 'verify-email' | 'reset-password', token: link[2] };
  const m = /^\/c\/([A-Za-z0-9_-]{1,64})(?:\/m\/([A-Za-z0-9_-]{1,64})\/([1-9][0-9]{0,15}))?$/.exec(path);
  if (m?.[1]) return m[2] && m[3] ? { name: 'conversation', id: m[1], message: { id: m[2], seq: Number(m[3]) } } : { name: 'conversation', id: m[1] };
  return { name: 'home' };
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'conversation':
      return route.message ? `#/c/${route.id}/m/${route.message.id}/${route.message.seq}` : `#/c/${route.id}`;
    case 'login':
      return '#/login';
    case 'signup':
      return '#/signup';
    case 'forgot':
      return '#/forgot-password';
    case 'verify-email':
    case 'reset-password':
      return `#/${route.name}/${route.token}`;
  }
}
