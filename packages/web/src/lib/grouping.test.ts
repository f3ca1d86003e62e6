import { describe, expect, it } from 'vitest';
import { groupBySenderAndDay, type Groupable } from './grouping';

const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();
const entry = (key: string, senderId: string, createdAt: number): Groupable => ({ key, senderId, createdAt });

describe('groupBySenderAndDay', () => {
  it('returns nothing for no messages', () => {
    expect(groupBySenderAndDay([])).toEqual([]);
  });

  it('runs consecutive messages of one sender into one group under a day separator', () => {
    const rows = groupBySenderAndDay([
      entry('a', 'u1', at(20, 10, 0)),
      entry('b', 'u1', at(20, 10, 1)),
      entry('c', 'u2', at(20, 10, 2)),
      entry('d', 'u1', at(20, 10, 3)),
    ]);
    expect(rows.map((r) => (r.type === 'day' ? 'day' : r.items.map((i) => i.key).join('')))).toEqual(['day', 'ab', 'c', 'd']);
  });

  it('starts a new day separator and group at midnight even for the same sender', () => {
    const rows = groupBySenderAndDay([entry('a', 'u1', at(20, 23, 58)), entry('b', 'u1', at(21, 0, 1))]);
    expect(rows.map((r) => r.type)).toEqual(['day', 'group', 'day', 'group']);
    expect(rows[0]?.key).not.toBe(rows[2]?.key);
  });

  it('splits a sender’s messages separated by a long pause', () => {
    const rows = groupBySenderAndDay([entry('a', 'u1', at(20, 9, 0)), entry('b', 'u1', at(20, 9, 30))]);
    expect(rows.filter((r) => r.type === 'group')).toHaveLength(2);
    const close = groupBySenderAndDay([entry('a', 'u1', at(20, 9, 0)), entry('b', 'u1', at(20, 9, 4))]);
    expect(close.filter((r) => r.type === 'group')).toHaveLength(1);
  });

  it('gives every row a unique key', () => {
    const rows = groupBySenderAndDay([
      entry('a', 'u1', at(19, 9)),
      entry('b', 'u2', at(20, 9)),
      entry('c', 'u2', at(21, 9)),
      entry('d', 'u1', at(21, 9, 1)),
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});
