import { AppError } from '../../http/errors';

/** Deepest nesting of block quotes and lists a message may have. */
export const MARKDOWN_MAX_DEPTH = 16;
/** Longest link target accepted, in characters. */
export const MARKDOWN_MAX_LINK_CHARS = 2048;

/**
 * Refuses Markdown that would cost a renderer dearly: thousands of nested quotes or list levels,
 * or an over-long link target. Reads each line's block prefix (`>`, `-`, `*`, `+`, `1.`) outside
 * fenced code, and each `](…)` or bare URL.
 */
export function assertWithinMarkdownLimits(body: string): void {
  let fenced = false;
  for (const line of body.split('\n')) {
    // Inside a fenced code block everything is text.
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && blockDepth(line) > MARKDOWN_MAX_DEPTH) {
      throw new AppError('markdown_too_complex', `quotes and lists may nest at most ${MARKDOWN_MAX_DEPTH} levels`);
    }
  }
  for (const m of body.matchAll(/\]\(([^)\s]*)|\b(?:https?:\/\/|www\.)\S*/g)) {
    const target = m[1] ?? m[0];
    if ([...target].length > MARKDOWN_MAX_LINK_CHARS) {
      throw new AppError('markdown_too_complex', `a link may be at most ${MARKDOWN_MAX_LINK_CHARS} characters`);
    }
  }
}

function blockDepth(line: string): number {
  let depth = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '>') {
      depth++;
      i++;
      continue;
    }
    if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      depth++;
      i += 2;
      continue;
    }
    const ordered = /^\d{1,9}[.)][ \t]/.exec(line.slice(i, i + 12));
    if (ordered) {
      depth++;
      i += ordered[0].length;
      continue;
    }
    break;
  }
  return depth;
}
