/**
 * Puts text on the clipboard. The Clipboard API exists only on secure pages; Natter is often opened
 * over plain HTTP on a LAN address, where the old copy command on a selected, off-screen field works.
 */
export async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'offscreen-copy';
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(field);
  field.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    field.remove();
    focused?.focus();
  }
}
