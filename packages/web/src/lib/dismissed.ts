/** One-time hints and banners this browser was told to stop showing. */
const PREFIX = 'natter.dismissed.';
const memo = new Set<string>();

export function isDismissed(key: string): boolean {
  if (memo.has(key)) return true;
  try {
    return localStorage.getItem(PREFIX + key) === '1';
  } catch {
    return false;
  }
}

export function dismiss(key: string): void {
  memo.add(key);
  try {
    localStorage.setItem(PREFIX + key, '1');
  } catch {
    // Storage blocked: dismissed for this page only.
  }
}
