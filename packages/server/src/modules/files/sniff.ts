/** Bytes of a file's start that sniffing needs. */
export const SNIFF_BYTES = 64;

export interface Sniffed {
  mime: string;
  /** One of the raster types browsers show inline and sharp can thumbnail. */
  image: boolean;
}

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, text: string, at = 0) => head.subarray(at, at + text.length).toString('latin1') === text;

const SIGNATURES: { mime: string; image?: true; test(head: Buffer): boolean }[] = [
  { mime: 'image/jpeg', image: true, test: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { mime: 'image/png', image: true, test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: 'image/gif', image: true, test: (h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a') },
  { mime: 'image/webp', image: true, test: (h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8) },
  { mime: 'application/pdf', test: (h) => ascii(h, '%PDF-') },
  { mime: 'application/zip', test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06]) },
  { mime: 'application/gzip', test: (h) => startsWith(h, [0x1f, 0x8b]) },
  { mime: 'application/x-7z-compressed', test: (h) => startsWith(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { mime: 'audio/mpeg', test: (h) => ascii(h, 'ID3') },
  { mime: 'audio/ogg', test: (h) => ascii(h, 'OggS') },
  { mime: 'audio/wav', test: (h) => ascii(h, 'RIFF') && ascii(h, 'WAVE', 8) },
  { mime: 'video/mp4', test: (h) => ascii(h, 'ftyp', 4) },
  { mime: 'video/webm', test: (h) => startsWith(h, [0x1a, 0x45, 0xdf, 0xa3]) },
];

/** Office files are zip archives; the extension only names the kind of document, it never makes it inline. */
const ZIP_KINDS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/**
 * The type a file really has, from its first bytes; the name and the uploader's Content-Type are not
 * trusted. SVG, HTML and anything unrecognised become application/octet-stream: never shown inline.
 */
export function sniff(head: Buffer, name: string): Sniffed {
  const found = SIGNATURES.find((s) => s.test(head));
  if (!found) return { mime: looksLikeText(head) ? 'text/plain' : 'application/octet-stream', image: false };
  if (found.mime === 'application/zip') {
    const ext = name.toLowerCase().split('.').pop() ?? '';
    return { mime: ZIP_KINDS[ext] ?? found.mime, image: false };
  }
  return { mime: found.mime, image: found.image === true };
}

/** Markup (HTML, SVG, XML) is labelled octet-stream so nothing downstream is tempted to render it. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    // `stream` tolerates a character cut in half at the end of the sample.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  return !text.includes('\0') && !/^\uFEFF?\s*</.test(text);
}
