import type { SoakUser } from './user';

export interface WindowSample {
  /** End of the window, seconds from the start of the run. */
  atS: number;
  /** Live message frames delivered in the window, and their delivery time (sender's send to receipt). */
  deliveries: number;
  p50Ms: number | null;
  p99Ms: number | null;
  rssMB: number | null;
  fds: number | null;
  online: number;
}

export interface ExactlyOnce {
  acked: number;
  stored: number;
  /** Acknowledged, yet not stored, or stored under another id or sequence. */
  lostAcked: number;
  /** Stored rows sharing a clientMsgId. */
  storedDuplicates: number;
  /** Sequences of a conversation that are not 1..n. */
  sequenceGaps: number;
  expectedDeliveries: number;
  delivered: number;
  /** An acknowledged message some member of its conversation never received. */
  missingDeliveries: number;
  /** A message frame a user had already received. */
  duplicateDeliveries: number;
  /** A message received past a hole in its conversation's sequence. */
  deliveryGaps: number;
  lost: number;
  duplicated: number;
  ok: boolean;
}

export interface SoakReport {
  options: { users: number; roomSize: number; durationS: number; actionEveryMs: number; database: 'sqlite' | 'postgres'; redis: boolean; nodes: 1 | 2 };
  startedAt: string;
  machine: { cpus: number; node: string };
  faults: { atS: number; kind: string; tookMs: number }[];
  restarts: number;
  actions: { sends: number; reactions: number; reactionsOk: number; uploads: number; uploadsOk: number; reconnects: number };
  exactlyOnce: ExactlyOnce;
  stillPending: number;
  errors: Record<string, number>;
  delivery: { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number | null };
  windows: WindowSample[];
  final: { rssMB: number; fds: number } | null;
  serverStderrTail: string[];
}

/** Acknowledged → stored once with the acknowledged id and sequence → received by every member once. */
export function checkExactlyOnce(users: SoakUser[], members: Map<string, string[]>, stored: Map<string, any[]>): ExactlyOnce {
  const byId = new Map(users.map((u) => [u.userId, u]));
  let acked = 0;
  let lostAcked = 0;
  let storedDuplicates = 0;
  let sequenceGaps = 0;
  let expectedDeliveries = 0;
  let delivered = 0;
  let storedCount = 0;
  const storedByClientId = new Map<string, any>();
  for (const rows of stored.values()) {
    storedCount += rows.length;
    rows.forEach((m, i) => {
      if (m.seq !== i + 1) sequenceGaps++;
      if (storedByClientId.has(m.clientMsgId)) storedDuplicates++;
      storedByClientId.set(m.clientMsgId, m);
    });
  }
  for (const sender of users) {
    for (const [clientMsgId, a] of sender.acked) {
      acked++;
      const row = storedByClientId.get(clientMsgId);
      if (!row || row.id !== a.id || row.seq !== a.seq) lostAcked++;
      for (const memberId of members.get(a.conversationId) ?? []) {
        expectedDeliveries++;
        // The sender's acknowledgement is its delivery.
        if (memberId === sender.userId || byId.get(memberId)?.received.has(a.id)) delivered++;
      }
    }
  }
  const duplicateDeliveries = users.reduce((n, u) => n + u.duplicates, 0);
  const deliveryGaps = users.reduce((n, u) => n + u.gaps, 0);
  const missingDeliveries = expectedDeliveries - delivered;
  const lost = lostAcked + missingDeliveries;
  const duplicated = storedDuplicates + duplicateDeliveries;
  return {
    acked, stored: storedCount, lostAcked, storedDuplicates, sequenceGaps, expectedDeliveries, delivered,
    missingDeliveries, duplicateDeliveries, deliveryGaps, lost, duplicated,
    ok: lost === 0 && duplicated === 0 && sequenceGaps === 0 && deliveryGaps === 0,
  };
}

const cell = (v: number | null) => (v === null ? '–' : String(v));

export function soakMarkdown(r: SoakReport): string {
  const e = r.exactlyOnce;
  const lines = [
    `# Soak ${r.startedAt}`,
    '',
    `${r.options.users} users in rooms of ${r.options.roomSize}, ${r.options.durationS} s, one action per user every ~${r.options.actionEveryMs / 1000} s; ` +
      `${r.options.database}${r.options.redis ? ' + Redis' : ''}${r.options.nodes === 2 ? ', two nodes behind nginx (RSS and fds of node 1)' : ''}; ${r.machine.cpus} CPUs, Node ${r.machine.node}.`,
    '',
    `Faults: ${r.faults.map((f) => `${f.kind} at ${f.atS} s (back in ${(f.tookMs / 1000).toFixed(1)} s)`).join(', ') || 'none'}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| messages acked | ${e.acked} |`,
    `| messages stored | ${e.stored} |`,
    `| deliveries expected / made | ${e.expectedDeliveries} / ${e.delivered} |`,
    `| **lost** (acked not stored + deliveries missing) | **${e.lost}** (${e.lostAcked} + ${e.missingDeliveries}) |`,
    `| **duplicated** (stored twice + delivered twice) | **${e.duplicated}** (${e.storedDuplicates} + ${e.duplicateDeliveries}) |`,
    `| sequence gaps stored / delivered | ${e.sequenceGaps} / ${e.deliveryGaps} |`,
    `| sends still unacknowledged at the end | ${r.stillPending} |`,
    `| reactions ok / tried, uploads ok / tried, reconnects | ${r.actions.reactionsOk} / ${r.actions.reactions}, ${r.actions.uploadsOk} / ${r.actions.uploads}, ${r.actions.reconnects} |`,
    `| live delivery p50 / p99 / max (ms) | ${cell(r.delivery.p50)} / ${cell(r.delivery.p99)} / ${cell(r.delivery.max)} |`,
    `| errors by code | ${Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} |`,
    '',
    '| t (s) | deliveries | p50 ms | p99 ms | RSS MB | fds | online |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.windows.map((w) => `| ${w.atS} | ${w.deliveries} | ${cell(w.p50Ms)} | ${cell(w.p99Ms)} | ${cell(w.rssMB)} | ${cell(w.fds)} | ${w.online} |`),
    '',
  ];
  return lines.join('\n');
}
