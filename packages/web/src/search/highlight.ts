/** A message body cut into plain and highlighted parts by the server's [start, end) ranges (UTF-16). */
export function highlightParts(body: string, ranges: readonly (readonly [number, number])[]): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > body.length || end <= start) continue;
    if (start > at) parts.push({ text: body.slice(at, start), hit: false });
    parts.push({ text: body.slice(start, end), hit: true });
    at = end;
  }
  if (at < body.length) parts.push({ text: body.slice(at), hit: false });
  return parts;
}

/** Around the first highlight, so a long message shows the match: about `max` characters. */
export function excerptWindow(body: string, ranges: readonly (readonly [number, number])[], max = 160): { text: string; ranges: [number, number][] } {
  if (body.length <= max || ranges.length === 0) return { text: body, ranges: ranges.map(([s, e]) => [s, e]) };
  const first = ranges[0]![0];
  const from = Math.max(0, Math.min(first - 40, body.length - max));
  const to = Math.min(body.length, from + max);
  const text = `${from > 0 ? '…' : ''}${body.slice(from, to)}${to < body.length ? '…' : ''}`;
  const shift = from > 0 ? 1 - from : 0;
  const inside = ranges.filter(([s, e]) => s >= from && e <= to).map(([s, e]) => [s + shift, e + shift] as [number, number]);
  return { text, ranges: inside };
}
