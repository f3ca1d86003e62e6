/** FNV-1a: similar names ("maria", "mario") still land on different colours. */
function hueIndex(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 12;
}

/** Initial on a colour derived from the name, with an optional presence dot. */
export function Avatar({ name, online, size = 'md' }: { name: string; online?: boolean; size?: 'sm' | 'md' }) {
  const initial = Array.from(name)[0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar-${size} hue-${hueIndex(name)}`} aria-hidden="true">
      {initial}
      {online !== undefined && <span className={online ? 'presence-dot online' : 'presence-dot'} />}
    </span>
  );
}
