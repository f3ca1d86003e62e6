/**
 * Draws the unread count onto the tab icon. The badge is a canvas turned into a data: URL (the
 * page's Content-Security-Policy allows data: images); with nothing unread the original icon returns.
 */
const SIZE = 64;
let original: string | null = null;

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel="icon"]');
}

export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

export function drawBadge(count: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  // The app mark of favicon.svg (a 32-unit square), drawn at twice the size.
  ctx.save();
  ctx.scale(SIZE / 32, SIZE / 32);
  ctx.fillStyle = '#3b6fd8';
  ctx.beginPath();
  ctx.roundRect(0, 0, 32, 32, 8);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.fill(new Path2D('M8 10h16v10H14l-5 4v-4H8z'));
  ctx.restore();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const text = badgeText(count);
  const r = text.length > 2 ? 22 : 19;
  ctx.fillStyle = '#d92d2d';
  ctx.beginPath();
  ctx.arc(SIZE - r, r, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${text.length > 2 ? 20 : 26}px sans-serif`;
  ctx.fillText(text, SIZE - r, r + 1);
  return canvas.toDataURL('image/png');
}

export function setFaviconCount(count: number): void {
  const link = iconLink();
  if (!link) return;
  original ??= link.getAttribute('href');
  if (count <= 0) {
    if (original) {
      link.setAttribute('href', original);
      link.setAttribute('type', 'image/svg+xml');
    }
    return;
  }
  const url = drawBadge(count);
  if (!url) return;
  link.setAttribute('type', 'image/png');
  link.setAttribute('href', url);
}
