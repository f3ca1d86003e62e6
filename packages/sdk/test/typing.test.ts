import { describe, expect, it } from 'vitest';
import { summarizeTypers, TypingTracker } from '../src/index';

const u = (n: string) => ({ id: n, username: n });

describe('typing indicators', () => {
  it('summarises several typers as "A, B and N others"', () => {
    expect(summarizeTypers([])).toEqual({ names: [], others: 0 });
    expect(summarizeTypers([u('A')])).toEqual({ names: ['A'], others: 0 });
    expect(summarizeTypers([u('A'), u('B'), u('C')])).toEqual({ names: ['A', 'B', 'C'], others: 0 });
    expect(summarizeTypers([u('A'), u('B'), u('C'), u('D'), u('E')])).toEqual({ names: ['A', 'B'], others: 3 });
  });

  it('expires a typer without a refresh, and at once when they stop', async () => {
    const t = new TypingTracker(80);
    t.heard('c1', u('A'));
    t.heard('c1', u('B'));
    expect(t.getSnapshot().c1?.map((x) => x.id)).toEqual(['A', 'B']);
    t.stopped('c1', 'A');
    expect(t.getSnapshot().c1?.map((x) => x.id)).toEqual(['B']);
    await new Promise((r) => setTimeout(r, 50));
    t.heard('c1', u('B'));
    await new Promise((r) => setTimeout(r, 50));
    expect(t.getSnapshot().c1?.map((x) => x.id)).toEqual(['B']);
    await new Promise((r) => setTimeout(r, 60));
    expect(t.getSnapshot().c1).toBeUndefined();
  });

  it('lets a keystroke through at most once per throttle period per conversation', () => {
    const t = new TypingTracker();
    expect(t.shouldSend('c1', 0)).toBe(true);
    expect(t.shouldSend('c1', 2999)).toBe(false);
    expect(t.shouldSend('c2', 10)).toBe(true);
    expect(t.shouldSend('c1', 3000)).toBe(true);
    t.sent('c1');
    expect(t.shouldSend('c1', 3001)).toBe(true);
  });
});
