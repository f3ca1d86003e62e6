/**
 * Notification choices kept in this browser's storage. Muting is per device because the server has
 * no per-conversation setting to hold it.
 */
const ENABLED_KEY = 'natter.notify.enabled';
const ASKED_KEY = 'natter.notify.asked';
const MUTED_KEY = 'natter.muted';
const SENT_KEY = 'natter.notify.sent';
/** Messages sent on this device before the notification question is put. */
export const OFFER_AFTER_SENT = 3;

const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
  memoValues.set(key, value);
  for (const l of listeners) l();
}

const memoValues = new Map<string, string | null>();
function cached(key: string): string | null {
  if (!memoValues.has(key)) memoValues.set(key, read(key));
  return memoValues.get(key) ?? null;
}

export function subscribeNotifyPrefs(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** Desktop notifications are on when the person turned them on and the browser allows them. */
export function desktopWanted(): boolean {
  return cached(ENABLED_KEY) === '1';
}

export function setDesktopWanted(on: boolean): void {
  write(ENABLED_KEY, on ? '1' : '0');
}

/** The one-time question after a first message: asked once per device, whatever the answer. */
export function alreadyAsked(): boolean {
  return cached(ASKED_KEY) === '1' || cached(ENABLED_KEY) !== null;
}

/** Counts a message sent from this device; the count only matters until the question is put. */
export function countSent(): number {
  const n = (Number(cached(SENT_KEY)) || 0) + 1;
  write(SENT_KEY, String(n));
  return n;
}

export function markAsked(): void {
  write(ASKED_KEY, '1');
}

/** Same array while nothing changes, so it can be read from useSyncExternalStore. */
let mutedCache: { raw: string | null; ids: readonly string[] } | null = null;
export function mutedIds(): readonly string[] {
  const raw = cached(MUTED_KEY);
  if (mutedCache && mutedCache.raw === raw) return mutedCache.ids;
  let ids: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) ids = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    ids = [];
  }
  mutedCache = { raw, ids };
  return ids;
}

export function isMuted(conversationId: string): boolean {
  return mutedIds().includes(conversationId);
}

export function setMuted(conversationId: string, muted: boolean): void {
  const rest = mutedIds().filter((id) => id !== conversationId);
  write(MUTED_KEY, JSON.stringify(muted ? [...rest, conversationId] : rest));
}

export type Permission = NotificationPermission | 'unsupported';

export function permission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Must run inside a click: browsers ignore permission requests made without one. */
export async function requestDesktop(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const result = await Notification.requestPermission();
  setDesktopWanted(result === 'granted');
  markAsked();
  return result;
}
