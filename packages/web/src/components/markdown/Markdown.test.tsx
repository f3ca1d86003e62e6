import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdown } from '@natter/protocol';
import { Markdown, type MarkdownRenderers } from './Markdown';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement;

function render(text: string, renderers?: MarkdownRenderers): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(<Markdown doc={parseMarkdown(text)} renderers={renderers} />));
  return host;
}

afterEach(() => {
  act(() => root?.unmount());
  host.remove();
});

describe('Markdown', () => {
  it('renders the subset as elements', () => {
    const el = render('**b** *i* ~~s~~ `c`\n\n> q\n\n- one\n- two\n\n3. three\n\n```\ncode\n```');
    expect(el.querySelector('p strong')?.textContent).toBe('b');
    expect(el.querySelector('p em')?.textContent).toBe('i');
    expect(el.querySelector('p del')?.textContent).toBe('s');
    expect(el.querySelector('p code')?.textContent).toBe('c');
    expect(el.querySelector('blockquote p')?.textContent).toBe('q');
    expect([...el.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(el.querySelector('ol')?.getAttribute('start')).toBe('3');
    const pre = el.querySelector('pre');
    expect(pre?.textContent).toBe('code');
    // A code block that scrolls sideways can be scrolled from the keyboard.
    expect(pre?.getAttribute('tabindex')).toBe('0');
  });

  it('opens links in a new tab without giving it this page', () => {
    const el = render('[site](https://example.com) and https://x.org');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com', 'https://x.org']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('shows markup and dangerous links as the text they are', () => {
    const source = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) javascript:alert(2) <script>alert(3)</script>';
    const el = render(source);
    expect(el.querySelector('img, script, a')).toBeNull();
    expect(el.textContent).toBe(source);
  });

  it('stays shallow on a nesting bomb', () => {
    const el = render('> '.repeat(5000) + '<b>x</b>');
    expect(el.querySelectorAll('blockquote').length).toBeLessThanOrEqual(8);
    expect(el.querySelector('b')).toBeNull();
  });

  it('lets the screen decide how a mention looks', () => {
    const el = render('hi @maria and @bob', { mention: (u) => <mark data-user={u}>@{u}</mark> });
    expect([...el.querySelectorAll('mark')].map((m) => m.dataset.user)).toEqual(['maria', 'bob']);
    expect(el.textContent).toBe('hi @maria and @bob');
  });
});
