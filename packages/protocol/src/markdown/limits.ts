import type { MarkdownLimitKind, MarkdownLimitProblem } from './ast';

export interface MarkdownLimits {
  /** Containers inside containers: block quotes and lists (an item's nested list is one more). */
  maxBlockDepth: number;
  /** Formatting inside formatting: bold, italic, strikethrough, link. */
  maxInlineDepth: number;
  /** Every node of the tree, text included. */
  maxNodes: number;
  /** Longest URL that is still made a link (written or bare). */
  maxLinkLength: number;
}

/**
 * Far above what people write (a quote of a quote of a list with a sub-list is 4 levels deep; a
 * 4,000-character message rarely makes 300 nodes), well below what a renderer or a server minds.
 */
export const MARKDOWN_LIMITS: Readonly<MarkdownLimits> = Object.freeze({
  maxBlockDepth: 8,
  maxInlineDepth: 5,
  maxNodes: 2000,
  maxLinkLength: 2048,
});

const MESSAGES: Record<MarkdownLimitKind, (limit: number) => string> = {
  depth: (n) => `formatting is nested more than ${n} levels deep`,
  nodes: (n) => `formatting makes more than ${n} parts`,
  link_length: (n) => `a link is longer than ${n} characters`,
};

/** What one parse has spent, shared by the block and inline parsers. */
export class ParseBudget {
  nodes = 0;
  exceeded: MarkdownLimitProblem | null = null;

  constructor(readonly limits: Readonly<MarkdownLimits>) {}

  /** Records the first cap hit; later ones do not replace it. */
  exceed(kind: MarkdownLimitKind, limit: number): void {
    this.exceeded ??= { kind, limit, message: MESSAGES[kind](limit) };
  }

  /** Counts a new node; false (and nothing counted) once the cap is reached. */
  take(): boolean {
    if (this.nodes >= this.limits.maxNodes) {
      this.exceed('nodes', this.limits.maxNodes);
      return false;
    }
    this.nodes++;
    return true;
  }

  get full(): boolean {
    return this.nodes >= this.limits.maxNodes;
  }
}
