/**
 * The tree a message's text is parsed into. Plain data (no HTML, no framework): each client decides
 * how to show it, and nothing in it can carry markup or a script.
 */

export type InlineNode =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: InlineNode[] }
  | { type: 'emphasis'; children: InlineNode[] }
  | { type: 'strike'; children: InlineNode[] }
  | { type: 'code'; text: string }
  /** `href` is always http:, https: or mailto:. `bare`: written as a URL, not as `[label](url)`. */
  | { type: 'link'; href: string; bare: boolean; children: InlineNode[] }
  /** `@name` as written (without the @); whether it names a member is for the reader to decide. */
  | { type: 'mention'; username: string };

export type BlockNode =
  /** Line breaks inside a paragraph are kept in its text nodes, as chat users expect. */
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'codeBlock'; info: string; text: string }
  | { type: 'quote'; children: BlockNode[] }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[] };

export interface ListItem {
  children: BlockNode[];
}

export type MarkdownLimitKind = 'depth' | 'nodes' | 'link_length';

/** The first cap a text ran into while being parsed. */
export interface MarkdownLimitProblem {
  kind: MarkdownLimitKind;
  limit: number;
  message: string;
}

export interface MarkdownDocument {
  children: BlockNode[];
  /**
   * Null when the text is within every cap. Otherwise the parse degraded (deeper markers, the rest
   * beyond the node cap, too long links: all kept as text) and this says which cap was hit first.
   */
  exceeded: MarkdownLimitProblem | null;
}
