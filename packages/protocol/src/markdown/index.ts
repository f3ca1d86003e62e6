import type { BlockNode, InlineNode, MarkdownDocument, MarkdownLimitProblem } from './ast';
import { parseBlocks } from './blocks';
import { MARKDOWN_LIMITS, ParseBudget, type MarkdownLimits } from './limits';

export type { BlockNode, InlineNode, ListItem, MarkdownDocument, MarkdownLimitKind, MarkdownLimitProblem } from './ast';
export { MARKDOWN_LIMITS, type MarkdownLimits } from './limits';

/**
 * The safe Markdown subset of messages: **bold** (or __bold__), *italic* (or _italic_), ~~strike~~,
 * `code`, fenced code blocks, > quotes, - and 1. lists, [label](url), bare URLs and @mentions.
 * Raw HTML is text; only http:, https: and mailto: URLs become links. Linear in the length of the
 * text on any input; past a cap the rest degrades to text and `exceeded` says which cap.
 */
export function parseMarkdown(text: string, limits: Readonly<MarkdownLimits> = MARKDOWN_LIMITS): MarkdownDocument {
  const budget = new ParseBudget(limits);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const children = parseBlocks(lines, 0, budget);
  return { children, exceeded: budget.exceeded };
}

/**
 * Null when the text's formatting is within the caps (nesting depth, node count, link length);
 * otherwise the first cap it passes, with a message for people. The server refuses such messages.
 */
export function checkMarkdownLimits(text: string, limits: Readonly<MarkdownLimits> = MARKDOWN_LIMITS): MarkdownLimitProblem | null {
  return parseMarkdown(text, limits).exceeded;
}

/** `@room` and its aliases address every member of a room. */
export const ROOM_MENTIONS: readonly string[] = ['room', 'all', '所有人'];

export function isRoomMention(username: string): boolean {
  return ROOM_MENTIONS.includes(username.toLowerCase());
}

type AnyNode = BlockNode | InlineNode;

function childrenOf(node: AnyNode): AnyNode[] {
  switch (node.type) {
    case 'paragraph':
    case 'quote':
    case 'strong':
    case 'emphasis':
    case 'strike':
    case 'link':
      return node.children;
    case 'list':
      return node.items.flatMap((item) => item.children);
    default:
      return [];
  }
}

/** Every node, depth first, without recursion (trees from the parser are shallow; others may not be). */
function* walk(doc: MarkdownDocument): Generator<AnyNode> {
  const work: AnyNode[] = [...doc.children].reverse();
  while (work.length > 0) {
    const node = work.pop()!;
    yield node;
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) work.push(kids[i]!);
  }
}

/** The names written as @mentions, each once, in order of first appearance (as written). */
export function mentionedUsernames(doc: MarkdownDocument): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const node of walk(doc)) {
    if (node.type !== 'mention') continue;
    const key = node.username.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(node.username);
  }
  return out;
}

function inlineText(nodes: InlineNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'code') out += node.text;
    else if (node.type === 'mention') out += `@${node.username}`;
    else out += inlineText(node.children);
  }
  return out;
}

function blocksText(blocks: BlockNode[], prefix: string): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') lines.push(prefix + inlineText(block.children));
    else if (block.type === 'codeBlock') lines.push(prefix + block.text);
    else if (block.type === 'quote') lines.push(...blocksText(block.children, `${prefix}> `));
    else
      block.items.forEach((item, i) => {
        const bullet = block.ordered ? `${block.start + i}. ` : '• ';
        const [head = '', ...rest] = blocksText(item.children, '');
        lines.push(prefix + bullet + head, ...rest.map((l) => prefix + l));
      });
  }
  return lines;
}

/** What the text reads as without its markers, for previews and notifications. */
export function markdownToPlainText(text: string): string {
  return blocksText(parseMarkdown(text).children, '').join('\n');
}
