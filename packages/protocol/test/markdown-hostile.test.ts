import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMITS, MESSAGE_MAX_CHARS, checkMarkdownLimits, parseMarkdown, type BlockNode, type InlineNode, type MarkdownDocument } from '../src/index';

/**
 * Hostile inputs. Each is far longer than a message may be (hundreds of thousands of characters), so
 * a parser that is quadratic anywhere would need hours and the test would hit vitest's timeout; a
 * linear one needs milliseconds. No timing is asserted: the sizes make the bound.
 */
const HUGE = 300_000;

type Node = BlockNode | InlineNode | { type: 'item'; children: BlockNode[] };

function kids(node: Node): Node[] {
  if (node.type === 'list') return node.items.map((item) => ({ type: 'item' as const, children: item.children }));
  return 'children' in node ? node.children : [];
}

/** Elements (text excluded), deepest container nesting and deepest formatting nesting. Iterative. */
function measure(doc: MarkdownDocument): { elements: number; blockDepth: number; inlineDepth: number; text: string } {
  let elements = 0;
  let blockDepth = 0;
  let inlineDepth = 0;
  let text = '';
  const work: { node: Node; blocks: number; inlines: number }[] = doc.children.map((node) => ({ node, blocks: 0, inlines: 0 })).reverse();
  while (work.length > 0) {
    const { node, blocks, inlines } = work.pop()!;
    if (node.type === 'text') {
      text += node.text;
      continue;
    }
    elements++;
    if (node.type === 'code' || node.type === 'codeBlock') text += node.text;
    const b = node.type === 'quote' || node.type === 'list' ? blocks + 1 : blocks;
    const i = ['strong', 'emphasis', 'strike', 'link'].includes(node.type) ? inlines + 1 : inlines;
    blockDepth = Math.max(blockDepth, b);
    inlineDepth = Math.max(inlineDepth, i);
    const children = kids(node);
    for (let k = children.length - 1; k >= 0; k--) work.push({ node: children[k]!, blocks: b, inlines: i });
  }
  return { elements, blockDepth, inlineDepth, text };
}

function withinCaps(doc: MarkdownDocument) {
  const m = measure(doc);
  expect(m.blockDepth).toBeLessThanOrEqual(MARKDOWN_LIMITS.maxBlockDepth);
  expect(m.inlineDepth).toBeLessThanOrEqual(MARKDOWN_LIMITS.maxInlineDepth);
  // One overflow paragraph per open level at most, past the node cap.
  expect(m.elements).toBeLessThanOrEqual(MARKDOWN_LIMITS.maxNodes + MARKDOWN_LIMITS.maxBlockDepth + 1);
  return m;
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

describe('Markdown bombs are refused by the limits check and parse within the caps', () => {
  it('thousands of nested quotes', () => {
    const cap = MARKDOWN_LIMITS.maxBlockDepth;
    const cases: [string, string][] = [
      ['>'.repeat(HUGE) + ' deep', '>'.repeat(HUGE - cap) + ' deep'],
      ['> '.repeat(2000) + 'deep', '> '.repeat(2000 - cap).trimEnd() + ' deep'],
    ];
    for (const [source, rest] of cases) {
      const doc = parseMarkdown(source);
      expect(doc.exceeded).toMatchObject({ kind: 'depth', limit: cap });
      const m = withinCaps(doc);
      expect(m.blockDepth).toBe(cap);
      // Nothing is lost: the markers past the cap are text.
      expect(m.text).toBe(rest);
    }
    const staircase = parseMarkdown(Array.from({ length: 3000 }, (_, i) => '>'.repeat(i + 1) + ' x').join('\n'));
    expect(staircase.exceeded?.kind).toBe('depth');
    expect(count(withinCaps(staircase).text, 'x')).toBe(3000);
  });

  it('thousands of nested list levels, on one line or indented line by line', () => {
    const oneLine = '- '.repeat(HUGE / 2) + 'x';
    const indented = Array.from({ length: 700 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n');
    const mixed = '> 1. - * + '.repeat(HUGE / 11) + 'x';
    for (const source of [oneLine, indented, mixed]) {
      const doc = parseMarkdown(source);
      expect(doc.exceeded?.kind).toBe('depth');
      withinCaps(doc);
    }
    expect(measure(parseMarkdown(indented)).text).toContain('level 699');
  });

  it('formatting nested deeper than the cap', () => {
    const source = '*a _b '.repeat(HUGE / 12) + 'x' + ' b_ a*'.repeat(HUGE / 12);
    const doc = parseMarkdown(source);
    expect(doc.exceeded).toMatchObject({ kind: 'depth', limit: MARKDOWN_LIMITS.maxInlineDepth });
    expect(withinCaps(doc).inlineDepth).toBe(MARKDOWN_LIMITS.maxInlineDepth);
    expect(parseMarkdown('[' + '**a '.repeat(5) + 'x' + ' a**'.repeat(5) + '](https://x.org)').exceeded?.kind).toBe('depth');
    expect(checkMarkdownLimits('[' + '**a '.repeat(4) + 'x' + ' a**'.repeat(4) + '](https://x.org)')).toBeNull();
  });

  it('a 4,000-character link, written and bare, is text', () => {
    const url = `https://example.com/${'a'.repeat(4000)}`;
    for (const source of [`[label](${url})`, url, `see ${url}.`]) {
      const doc = parseMarkdown(source);
      expect(doc.exceeded).toMatchObject({ kind: 'link_length', limit: MARKDOWN_LIMITS.maxLinkLength });
      expect(measure(doc).elements).toBe(1); // the paragraph: no link
      expect(measure(doc).text).toBe(source);
    }
    expect(checkMarkdownLimits(`[ok](https://example.com/${'a'.repeat(1000)})`)).toBeNull();
  });

  it('more nodes than the cap', () => {
    const source = '`a` '.repeat(HUGE / 4);
    const doc = parseMarkdown(source);
    expect(doc.exceeded).toMatchObject({ kind: 'nodes', limit: MARKDOWN_LIMITS.maxNodes });
    const m = withinCaps(doc);
    // The rest is kept as text: every "a" is still there.
    expect(count(m.text, 'a')).toBe(HUGE / 4);
    const list = '- item\n'.repeat(HUGE / 7);
    expect(parseMarkdown(list).exceeded?.kind).toBe('nodes');
    withinCaps(parseMarkdown(list));
  });

  it.each([
    ['backticks', '`'.repeat(HUGE)],
    ['backtick runs of growing length', Array.from({ length: 700 }, (_, i) => '`'.repeat(i + 1)).join(' ')],
    ['asterisks', '*'.repeat(HUGE)],
    ['spaced asterisks', '* '.repeat(HUGE / 2)],
    ['unclosed openers', '*a '.repeat(HUGE / 3)],
    ['alternating openers', '*a _b ~~c **d __e '.repeat(HUGE / 18)],
    ['markers that both open and close', '*_'.repeat(HUGE / 2)],
    ['nested markers that both open and close', '*_'.repeat(HUGE / 4) + 'x' + '_*'.repeat(HUGE / 4)],
    ['underscores', '_'.repeat(HUGE)],
    ['tildes', '~'.repeat(HUGE)],
    ['open brackets', '['.repeat(HUGE)],
    ['close brackets', ']('.repeat(HUGE / 2)],
    ['unfinished links', '[a]('.repeat(HUGE / 4)],
    ['unfinished links with a URL', '[a](http://x.org/('.repeat(HUGE / 19)],
    ['links whose label holds brackets', '[[[[x](https://a.org)]]]] '.repeat(HUGE / 26)],
    ['schemes', 'http://'.repeat(HUGE / 7)],
    ['schemes with sentence punctuation', 'http://.,;'.repeat(HUGE / 10)],
    ['parentheses after a URL', 'https://x.org/' + ')'.repeat(HUGE)],
    ['at signs', '@'.repeat(HUGE)],
    ['long names', `@${'a'.repeat(HUGE)}`],
    ['backslashes', '\\'.repeat(HUGE)],
    ['fences', '```\n'.repeat(HUGE / 4)],
    ['quote markers and blank lines', '>\n\n'.repeat(HUGE / 3)],
    ['blank lines inside a list', '- a\n' + '\n'.repeat(HUGE) + '  b'],
    ['HTML', '<img src=x onerror=alert(1)>'.repeat(HUGE / 28)],
  ])('%s: parses within the caps', (_name, source) => {
    const doc = parseMarkdown(source);
    withinCaps(doc);
  });

  it('messages people write are within the limits', () => {
    const ordinary = [
      'Exam on **Friday** at 9, room `B12`. Bring:\n- a pen\n- your *student card*\n\n> Last year it ran late\n\nhttps://example.edu/exams',
      '```\n' + 'line of code\n'.repeat(250) + '```',
      '@maria @bob @李小龙 see [the notes](https://example.com/notes_(v2)) ~~old~~',
      'x'.repeat(MESSAGE_MAX_CHARS),
    ];
    for (const message of ordinary) expect(checkMarkdownLimits(message)).toBeNull();
  });

  it('the limits check names the cap in words people read', () => {
    expect(checkMarkdownLimits('> '.repeat(20) + 'x')).toEqual({ kind: 'depth', limit: 8, message: 'formatting is nested more than 8 levels deep' });
  });
});
