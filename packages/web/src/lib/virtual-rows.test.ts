import { describe, expect, it } from 'vitest';
import { groupBySenderAndDay, type Groupable } from './grouping';
import { countNewer, toVirtualRows } from './virtual-rows';

const base = new Date(2026, 10, 20, 10, 0).getTime();
const burst = (n: number, sender = 'u1'): Groupable[] =>
  Array.from({ length: n }, (_, i) => ({ key: `m${i}`, senderId: sender, createdAt: base + i * 1000 }));

describe('toVirtualRows', () => {
  it('cuts a long run of one sender into chunks, only the first showing the header', () => {
    const rows = toVirtualRows(groupBySenderAndDay(burst(25)), 10);
    expect(rows.map((r) => r.type)).toEqual(['day', 'group', 'group', 'group']);
    const groups = rows.filter((r) => r.type === 'group');
    expect(groups.map((g) => g.items.length)).toEqual([5, 10, 10]);
    expect(groups.map((g) => g.continued)).toEqual([false, true, true]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('keeps the later chunks\' keys when older entries of the same run are added in front', () => {
    const all = burst(30);
    const before = toVirtualRows(groupBySenderAndDay(all.slice(8)), 10).map((r) => r.key);
    const after = toVirtualRows(groupBySenderAndDay(all), 10).map((r) => r.key);
    expect(after.slice(-2)).toEqual(before.slice(-2));
  });
});

describe('countNewer', () => {
  const msg = (seq: number, sender: string) => ({ seq, sender: { id: sender } });
  it('counts only messages from others after the one seen', () => {
    const list = [msg(1, 'a'), msg(2, 'b'), msg(3, 'me'), msg(4, 'b'), msg(5, 'a')];
    expect(countNewer(list, 2, 'me')).toBe(2);
    expect(countNewer(list, 5, 'me')).toBe(0);
    expect(countNewer([], 0, 'me')).toBe(0);
  });
});
