import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff';
import { newClientMsgId } from '../src/ids';
import { ClientMsgId } from '@natter/protocol';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and jitters within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(500);
    expect(backoffDelay(0, {}, () => 1)).toBe(1000);
    expect(backoffDelay(1, {}, () => 0)).toBe(1000);
    expect(backoffDelay(1, {}, () => 1)).toBe(2000);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(6000);
  });

  it('stays within the configured bounds for any attempt and any random value', () => {
    const opts = { minDelayMs: 200, maxDelayMs: 5000 };
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 1]) {
        const d = backoffDelay(attempt, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(200);
        expect(d).toBeLessThanOrEqual(5000);
      }
    }
    expect(backoffDelay(30, opts, () => 0)).toBe(2500);
    expect(backoffDelay(1000, {}, () => 1)).toBe(15_000);
  });

  it('actually spreads clients out', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) seen.add(backoffDelay(4));
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('newClientMsgId', () => {
  it('matches the protocol and does not repeat', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = newClientMsgId();
      expect(ClientMsgId.safeParse(id).success).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });
});
