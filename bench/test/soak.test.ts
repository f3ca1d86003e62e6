import { describe, expect, it } from 'vitest';
import { runSoak } from '../src/soak/run';
import { soakMarkdown } from '../src/soak/report';

/**
 * The soak, short: 50 users chatting, reacting, uploading and reconnecting for a minute on SQLite,
 * with the server killed (SIGKILL) and restarted in the middle. Every acknowledged message must be
 * stored and delivered to every member exactly once. `npm run soak` is the long version.
 */
describe('soak, short version', () => {
  it('loses and doubles nothing through a kill -9', async () => {
    const report = await runSoak({
      users: 50,
      roomSize: 10,
      durationS: 60,
      actionEveryMs: 3000,
      postgres: false,
      redis: false,
      nodes: 1,
      faults: [{ atS: 25, kind: 'kill9' }],
      sampleEveryS: 10,
      log: () => undefined,
    });
    const context = soakMarkdown(report);
    expect(report.faults.map((f) => f.kind), context).toEqual(['kill9']);
    expect(report.exactlyOnce.acked, context).toBeGreaterThan(300);
    expect(report.exactlyOnce, context).toMatchObject({ lost: 0, duplicated: 0, sequenceGaps: 0, deliveryGaps: 0, ok: true });
    expect(report.exactlyOnce.delivered, context).toBe(report.exactlyOnce.acked * 10);
    expect(report.stillPending, context).toBe(0);
    expect(report.actions.uploadsOk, context).toBeGreaterThan(0);
    expect(report.actions.reactionsOk, context).toBeGreaterThan(0);
  }, 150_000);
});
