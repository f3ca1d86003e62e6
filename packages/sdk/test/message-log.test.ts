import { describe, expect, it } from 'vitest';
import { MessageLog } from '../src/message-log';
import { msg, range, seqs } from './fixtures';

describe('MessageLog', () => {
  it('appends consecutive live messages and reports each once', () => {
    const log = new MessageLog(0);
    expect(seqs(log.apply(msg('c', 1)).applied)).toEqual([1]);
    expect(seqs(log.apply(msg('c', 2)).applied)).toEqual([2]);
    expect(log.apply(msg('c', 2)).applied).toEqual([]);
    expect(log.apply(msg('c', 1)).applied).toEqual([]);
    expect(seqs(log.messages)).toEqual([1, 2]);
    expect(log.cursor).toBe(2);
    expect(log.hasMoreBefore).toBe(false);
  });

  it('dedupes by message id even under another seq', () => {
    const log = new MessageLog(0);
    log.apply(msg('c', 1));
    const twin = { ...msg('c', 2), id: msg('c', 1).id };
    expect(log.apply(twin).applied).toEqual([]);
    expect(log.cursor).toBe(1);
  });

  it('holds a message past a gap back, reports the gap, and releases it in order once filled', () => {
    const log = new MessageLog(3);
    const r = log.apply(msg('c', 6));
    expect(r).toEqual({ applied: [], gap: true });
    expect(log.messages).toEqual([]);
    expect(log.apply(msg('c', 5)).gap).toBe(true);
    const filled = log.apply(msg('c', 4));
    expect(seqs(filled.applied)).toEqual([4, 5, 6]);
    expect(filled.gap).toBe(false);
    expect(log.cursor).toBe(6);
    expect(log.hasMoreBefore).toBe(true);
  });

  it('merges an overlapping latest page without duplicates, extending the run', () => {
    const log = new MessageLog(10);
    log.apply(msg('c', 11));
    log.apply(msg('c', 12));
    const r = log.mergeLatest(range('c', 5, 14), true);
    expect(r.replaced).toBe(false);
    expect(seqs(r.applied)).toEqual([13, 14]);
    expect(seqs(log.messages)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(log.cursor).toBe(14);
    expect(log.loaded).toBe(true);
    expect(log.hasMoreBefore).toBe(true);
  });

  it('takes a first page that ends at the cursor as the run itself', () => {
    const log = new MessageLog(20);
    const r = log.mergeLatest(range('c', 11, 20), true);
    expect(r.applied).toEqual([]);
    expect(seqs(log.messages)).toEqual(range('c', 11, 20).map((m) => m.seq));
    expect(log.cursor).toBe(20);
  });

  it('replaces a stale run when the latest page does not touch it, never leaving a hole', () => {
    const log = new MessageLog(0);
    log.mergeLatest(range('c', 1, 5), false);
    log.apply(msg('c', 2000));
    const r = log.mergeLatest(range('c', 1951, 2000), true);
    expect(r.replaced).toBe(true);
    expect(seqs(log.messages)).toEqual(range('c', 1951, 2000).map((m) => m.seq));
    expect(log.cursor).toBe(2000);
    expect(log.waiting).toBe(0);
    expect(log.hasMoreBefore).toBe(true);
    expect(seqs(log.apply(msg('c', 2001)).applied)).toEqual([2001]);
  });

  it('drains held-back messages after a replacing page', () => {
    const log = new MessageLog(0);
    log.mergeLatest(range('c', 1, 3), false);
    log.apply(msg('c', 52));
    log.mergeLatest(range('c', 31, 51), true);
    expect(log.cursor).toBe(52);
    expect(seqs(log.messages).at(-1)).toBe(52);
  });

  it('prepends an adjacent older page and ignores a disjoint one', () => {
    const log = new MessageLog(0);
    log.mergeLatest(range('c', 51, 100), true);
    log.mergeOlder(range('c', 1, 20), true, 21);
    expect(log.first).toBe(51);
    log.mergeOlder(range('c', 1, 50), false, 51);
    expect(seqs(log.messages)).toEqual(range('c', 1, 100).map((m) => m.seq));
    expect(log.hasMoreBefore).toBe(false);
  });

  it('an empty older page means nothing more before', () => {
    const log = new MessageLog(0);
    log.mergeLatest(range('c', 1, 3), true);
    log.mergeOlder([], false, 1);
    expect(log.hasMoreBefore).toBe(false);
  });

  it('an empty latest page of an empty conversation loads it with nothing before', () => {
    const log = new MessageLog(0);
    log.mergeLatest([], false);
    expect(log.loaded).toBe(true);
    expect(log.hasMoreBefore).toBe(false);
    expect(seqs(log.apply(msg('c', 1)).applied)).toEqual([1]);
  });

  it('sorts and dedupes a page that arrives unordered', () => {
    const log = new MessageLog(0);
    const page = [msg('c', 3), msg('c', 1), msg('c', 2), msg('c', 2)];
    log.mergeLatest(page, false);
    expect(seqs(log.messages)).toEqual([1, 2, 3]);
  });

  it('after a resync, the reloaded page replaces held copies and drops older held pages', () => {
    const log = new MessageLog(0);
    for (const m of range('c', 1, 80)) log.apply(m);
    // Changes the server could no longer replay: equal change sequences, different text.
    const page = range('c', 31, 82).map((m) => (m.seq === 40 ? { ...m, body: 'edited while away' } : m));
    const r = log.mergeLatest(page, true, { authoritative: true });
    expect(seqs(r.applied)).toEqual([81, 82]);
    expect(seqs(log.messages)).toEqual(seqs(range('c', 31, 82)));
    expect(log.messages.find((m) => m.seq === 40)?.body).toBe('edited while away');
    expect(log.hasMoreBefore).toBe(true);
    // Older pages come in again, fresh, when scrolled to.
    log.mergeOlder(range('c', 1, 30).map((m) => (m.seq === 5 ? { ...m, body: 'also edited' } : m)), false, 31);
    expect(log.messages[4]?.body).toBe('also edited');
    expect(log.messages).toHaveLength(82);
  });

  it('without a resync, a page only replaces copies with more changes', () => {
    const log = new MessageLog(0);
    for (const m of range('c', 1, 10)) log.apply(m);
    log.mergeLatest(range('c', 5, 10).map((m) => ({ ...m, body: 'other' })), true);
    expect(log.messages.map((m) => m.body).slice(4)).toEqual(range('c', 5, 10).map((m) => m.body));
    expect(log.messages).toHaveLength(10);
  });
});
