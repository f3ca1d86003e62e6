import { describe, expect, it } from 'vitest';
import { isRoomMention, markdownToPlainText, mentionedUsernames, parseMarkdown, type BlockNode, type InlineNode } from '../src/index';

/** The inline nodes of a one-paragraph message. */
function inline(text: string): InlineNode[] {
  const doc = parseMarkdown(text);
  expect(doc.children).toHaveLength(1);
  const [para] = doc.children as [BlockNode];
  if (para.type !== 'paragraph') throw new Error(`expected a paragraph, got ${para.type}`);
  return para.children;
}

const text = (t: string): InlineNode => ({ type: 'text', text: t });

describe('parseMarkdown: inline formatting', () => {
  it('plain text is one text node, line breaks kept', () => {
    expect(inline('hello\nworld')).toEqual([text('hello\nworld')]);
  });

  it('bold, italic, strikethrough and code', () => {
    expect(inline('**b** *i* __b__ _i_ ~~s~~ `c`')).toEqual([
      { type: 'strong', children: [text('b')] }, text(' '),
      { type: 'emphasis', children: [text('i')] }, text(' '),
      { type: 'strong', children: [text('b')] }, text(' '),
      { type: 'emphasis', children: [text('i')] }, text(' '),
      { type: 'strike', children: [text('s')] }, text(' '),
      { type: 'code', text: 'c' },
    ]);
  });

  it('nests formatting, and *** is bold and italic', () => {
    expect(inline('***x***')).toEqual([{ type: 'strong', children: [{ type: 'emphasis', children: [text('x')] }] }]);
    expect(inline('**a _b_ c**')).toEqual([{ type: 'strong', children: [text('a '), { type: 'emphasis', children: [text('b')] }, text(' c')] }]);
  });

  it('leaves snake_case, lone markers, spaced stars and unclosed openers as text', () => {
    expect(inline('snake_case_name')).toEqual([text('snake_case_name')]);
    expect(inline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(inline('*open and never closed')).toEqual([text('*open and never closed')]);
    expect(inline('a ~ b ~~~ c')).toEqual([text('a ~ b ~~~ c')]);
  });

  it('code spans keep markers literally; longer fences hold backticks', () => {
    expect(inline('`**not bold**`')).toEqual([{ type: 'code', text: '**not bold**' }]);
    expect(inline('`` a ` b ``')).toEqual([{ type: 'code', text: 'a ` b' }]);
    expect(inline('`unclosed')).toEqual([text('`unclosed')]);
  });

  it('backslash escapes a marker', () => {
    expect(inline('\\*not italic\\*')).toEqual([text('*not italic*')]);
  });

  it('raw HTML is text', () => {
    expect(inline('<b>hi</b> <script>alert(1)</script>')).toEqual([text('<b>hi</b> <script>alert(1)</script>')]);
  });
});

describe('parseMarkdown: links', () => {
  it('[label](url) with http, https and mailto; the label may be formatted', () => {
    expect(inline('[**site**](https://example.com/a_(b))')).toEqual([
      { type: 'link', href: 'https://example.com/a_(b)', bare: false, children: [{ type: 'strong', children: [text('site')] }] },
    ]);
    expect(inline('[mail](mailto:a@example.com)')[0]).toMatchObject({ type: 'link', href: 'mailto:a@example.com' });
    expect(inline('[](http://x.org)')).toEqual([{ type: 'link', href: 'http://x.org', bare: false, children: [text('http://x.org')] }]);
  });

  it('bare URLs are linked, without the punctuation after them', () => {
    expect(inline('see https://example.com/x. Or (http://a.org/b)!')).toEqual([
      text('see '),
      { type: 'link', href: 'https://example.com/x', bare: true, children: [text('https://example.com/x')] },
      text('. Or ('),
      { type: 'link', href: 'http://a.org/b', bare: true, children: [text('http://a.org/b')] },
      text(')!'),
    ]);
  });

  it('a URL in Chinese text ends at full-width punctuation, with or without a space before it', () => {
    expect(inline('看https://例子.cn/路径，好')).toEqual([
      text('看'),
      { type: 'link', href: 'https://例子.cn/路径', bare: true, children: [text('https://例子.cn/路径')] },
      text('，好'),
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/relative',
    'java\tscript:alert(1)',
    'https://x.org/"onmouseover="alert(1)',
  ])('never makes a link of %s, written or bare', (url) => {
    for (const source of [`[click](${url})`, url, `x ${url} y`]) {
      const nodes = parseMarkdown(source).children.flatMap((b) => (b.type === 'paragraph' ? b.children : []));
      const hrefs = nodes.filter((n) => n.type === 'link').map((n) => (n as { href: string }).href);
      for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/[^"\s]+|mailto:)/i);
      expect(hrefs.some((h) => !/^(https?|mailto):/i.test(h))).toBe(false);
    }
  });

  it('a link that is not one stays as the text written', () => {
    expect(inline('[x](javascript:alert(1))')).toEqual([text('[x](javascript:alert(1))')]);
    expect(inline('[x] (https://a.org)')[0]).toEqual(text('[x] ('));
  });
});

describe('parseMarkdown: mentions', () => {
  it('recognises @name as a node, not in addresses, and without a full stop after it', () => {
    expect(inline('hi @maria. and @李小龙 but not bob@example.com')).toEqual([
      text('hi '),
      { type: 'mention', username: 'maria' },
      text('. and '),
      { type: 'mention', username: '李小龙' },
      text(' but not bob@example.com'),
    ]);
  });

  it('names shorter than 3 or longer than 32 characters are text', () => {
    expect(inline('@ab')).toEqual([text('@ab')]);
    expect(inline(`@${'a'.repeat(33)}`)).toEqual([text(`@${'a'.repeat(33)}`)]);
  });

  it('lists the mentioned names once each; @room and its aliases are recognised', () => {
    const doc = parseMarkdown('@maria @Maria @bob `@code` [@label](https://x.org) @room');
    expect(mentionedUsernames(doc)).toEqual(['maria', 'bob', 'room']);
    expect(['room', 'ALL', '所有人'].every(isRoomMention)).toBe(true);
    expect(isRoomMention('maria')).toBe(false);
  });
});

describe('parseMarkdown: blocks', () => {
  it('fenced code keeps its text verbatim, with the info string', () => {
    expect(parseMarkdown('```ts\nconst a = **1**;\n  <b>\n```\nafter').children).toEqual([
      { type: 'codeBlock', info: 'ts', text: 'const a = **1**;\n  <b>' },
      { type: 'paragraph', children: [text('after')] },
    ]);
  });

  it('an unclosed fence runs to the end', () => {
    expect(parseMarkdown('```\nx\ny').children).toEqual([{ type: 'codeBlock', info: '', text: 'x\ny' }]);
  });

  it('block quotes nest and hold other blocks', () => {
    expect(parseMarkdown('> a\n> > b\n> - c').children).toEqual([
      {
        type: 'quote',
        children: [
          { type: 'paragraph', children: [text('a')] },
          { type: 'quote', children: [{ type: 'paragraph', children: [text('b')] }] },
          { type: 'list', ordered: false, start: 1, items: [{ children: [{ type: 'paragraph', children: [text('c')] }] }] },
        ],
      },
    ]);
  });

  it('lists start right under a line of text, nest by indentation, and ordered ones keep their start', () => {
    const doc = parseMarkdown('Shopping:\n- milk\n  - oat\n- eggs\n\n3. third\n4. fourth');
    expect(doc.children.map((b) => b.type)).toEqual(['paragraph', 'list', 'list']);
    const [, bullets, numbers] = doc.children as [BlockNode, Extract<BlockNode, { type: 'list' }>, Extract<BlockNode, { type: 'list' }>];
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[0]!.children[1]).toMatchObject({ type: 'list', items: [{ children: [{ type: 'paragraph', children: [text('oat')] }] }] });
    expect(numbers).toMatchObject({ ordered: true, start: 3 });
    expect(numbers.items).toHaveLength(2);
  });

  it('a year at the start of a line, a lone dash and a #hashtag are text', () => {
    expect(parseMarkdown('We met in\n1990. It rained.').children).toEqual([{ type: 'paragraph', children: [text('We met in\n1990. It rained.')] }]);
    expect(parseMarkdown('-').children).toEqual([{ type: 'paragraph', children: [text('-')] }]);
    expect(parseMarkdown('# not a heading').children).toEqual([{ type: 'paragraph', children: [text('# not a heading')] }]);
  });

  it('a line that is not indented ends a list', () => {
    expect(parseMarkdown('- a\nb').children.map((b) => b.type)).toEqual(['list', 'paragraph']);
  });

  it('Windows line ends are line ends', () => {
    expect(parseMarkdown('> a\r\n> b').children).toEqual([{ type: 'quote', children: [{ type: 'paragraph', children: [text('a\nb')] }] }]);
  });
});

describe('markdownToPlainText', () => {
  it('reads as the text without markers, for previews', () => {
    expect(markdownToPlainText('**Exam** on `Friday`, see [the plan](https://x.org)\n> quoted\n- one\n- two')).toBe(
      'Exam on Friday, see the plan\n> quoted\n• one\n• two',
    );
  });
});
