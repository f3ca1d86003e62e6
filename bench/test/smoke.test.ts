import { describe, expect, it } from 'vitest';
import { runBench } from '../src/run';
import { SCALES } from '../src/scale';
import type { ScenarioResult } from '../src/scenarios';

/**
 * Every scenario at a tiny scale against Natter and both baselines: the benchmark works, and every
 * member received every acknowledged message exactly once. Speed is reported, never asserted.
 */
describe('benchmark smoke run', () => {
  it('runs every scenario on every server and delivers each message exactly once', async () => {
    const lines: string[] = [];
    const run = await runBench({
      scale: SCALES.smoke,
      scenarios: ['rooms', 'dms', 'idle', 'history', 'storm'],
      servers: ['natter', 'socketio', 'ws'],
      label: 'smoke',
      write: false,
      log: (line) => lines.push(line),
    });
    const by = (scenario: ScenarioResult['scenario']) => run.results.filter((r) => r.scenario === scenario);
    const context = lines.join('\n');

    for (const r of [...by('rooms'), ...by('dms')]) {
      expect(r.connect.failed, `${r.scenario} on ${r.server}: ${r.connect.errors.join('; ')}\n${context}`).toBe(0);
      const step = r.steps![0]!;
      expect(step.errors, `${r.scenario} on ${r.server}: ${r.notes.join('; ')}`).toBe(0);
      expect(step.acked, `${r.scenario} on ${r.server}`).toBe(step.sent);
      expect(r.exactlyOnce, `${r.scenario} on ${r.server}`).toMatchObject({ duplicates: 0, gaps: 0, missing: 0, ok: true });
      const members = r.scenario === 'rooms' ? SCALES.smoke.rooms.roomSize : 2;
      expect(r.exactlyOnce!.deliveries, `${r.scenario} on ${r.server}`).toBe(step.sent * members);
    }
    expect(by('rooms').map((r) => r.server).sort()).toEqual(['natter', 'socketio', 'ws']);

    for (const r of by('idle')) {
      expect(r.idle!.connections, `idle on ${r.server}`).toBe(SCALES.smoke.idle.users);
      expect(r.idle!.rssAfterMB).toBeGreaterThan(0);
    }

    expect(by('history').map((r) => r.server).sort()).toEqual(['natter', 'socketio']);
    for (const r of by('history')) {
      expect(r.history!.failed, `history on ${r.server}`).toBe(0);
      expect(r.history!.ms.count).toBe(SCALES.smoke.history.requests);
    }

    for (const r of by('storm')) {
      expect(r.storm!.failed, `storm on ${r.server}`).toBe(0);
      expect(r.exactlyOnce, `storm on ${r.server}`).toMatchObject({ duplicates: 0, gaps: 0, missing: 0, ok: true });
      // Each client's cursors were moved back: it must be sent exactly what it lacks (nothing by the bare ws server, which stores nothing).
      expect(r.storm!.missedDelivered, `storm on ${r.server}`).toBe(r.storm!.expectedMissed);
      if (r.server !== 'ws') expect(r.storm!.expectedMissed).toBeGreaterThan(0);
    }
  });
});
