import { FILE_NAME_MAX_CHARS } from '@natter/protocol';

/**
 * A display name that is safe anywhere it is shown: the last path segment only (so "../x" is "x"),
 * no control characters (NUL included), NFC, at most FILE_NAME_MAX_CHARS characters with the extension kept.
 * The name is never used to build a path on disk.
 */
export function cleanFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    // Control characters, unpaired surrogates (no UTF-8 form), and the bidi overrides that make "exe.txt" look like "txt.exe".
    .replace(/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/gu, '')
    .trim()
    .replace(/^\.+$/, '');
  if (name === '') name = 'file';
  const chars = [...name];
  if (chars.length <= FILE_NAME_MAX_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
  return chars.slice(0, FILE_NAME_MAX_CHARS - keep.length).join('') + keep.join('');
}

/**
 * RFC 6266 Content-Disposition: an ASCII fallback for old clients and the exact UTF-8 name as
 * filename* (RFC 5987), so quotes, semicolons and line breaks cannot break out of the header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
