export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * Picks the best of `available` that an Accept-Encoding header allows: Brotli before gzip (smaller),
 * identity unless refused with `identity;q=0` (then still identity: a body the client can read
 * beats a 406 for a page). Quality values other than 0 are not ranked: every browser lists both.
 */
export function negotiateEncoding(header: string | undefined, available: readonly ContentEncoding[]): ContentEncoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  for (const encoding of ['br', 'gzip'] as const) {
    if (available.includes(encoding) && allows(encoding)) return encoding;
  }
  return 'identity';
}
