import { Fragment, type ReactNode } from 'react';
import type { BlockNode, InlineNode, MarkdownDocument } from '@natter/protocol';

/**
 * How nodes whose look depends on the reader are shown. A new node type of the parser gets a case in
 * `inline` or `block` below; a look that depends on who reads (mentions, later custom emoji) gets a
 * renderer here, passed in by the screen that knows the reader.
 */
export interface MarkdownRenderers {
  mention?: (username: string) => ReactNode;
}

function defaultMention(username: string): ReactNode {
  return <span className="mention">@{username}</span>;
}

/** Every node becomes a React element or a string: user text is never markup, so nothing in it can run. */
function inline(nodes: InlineNode[], r: MarkdownRenderers): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={i}>{inline(node.children, r)}</strong>;
      case 'emphasis':
        return <em key={i}>{inline(node.children, r)}</em>;
      case 'strike':
        return <del key={i}>{inline(node.children, r)}</del>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'link':
        // The parser lets only http:, https: and mailto: through; a new tab never gets a handle on this one.
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {inline(node.children, r)}
          </a>
        );
      case 'mention':
        return <Fragment key={i}>{(r.mention ?? defaultMention)(node.username)}</Fragment>;
    }
  });
}

function blocks(nodes: BlockNode[], r: MarkdownRenderers): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'paragraph':
        return <p key={i}>{inline(node.children, r)}</p>;
      case 'codeBlock':
        // Focusable, so a keyboard can scroll a long line sideways.
        return (
          <pre key={i} tabIndex={0}>
            <code>{node.text}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={i}>{blocks(node.children, r)}</blockquote>;
      case 'list': {
        const items = node.items.map((item, j) => <li key={j}>{blocks(item.children, r)}</li>);
        return node.ordered ? (
          <ol key={i} start={node.start}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      }
    }
  });
}

export function Markdown({ doc, renderers = {} }: { doc: MarkdownDocument; renderers?: MarkdownRenderers }) {
  return <>{blocks(doc.children, renderers)}</>;
}
