/** How big each scenario is. `full` is the benchmark; `smoke` runs in seconds for the tests. */
export interface Scale {
  name: 'full' | 'dev' | 'smoke';
  workers: number;
  rooms: { users: number; roomSize: number; rates: number[]; firstMs: number; stepMs: number; warmupMs: number };
  dms: { users: number; rates: number[]; firstMs: number; stepMs: number; warmupMs: number };
  idle: { users: number; restMs: number; settleMs: number };
  history: { messages: number; requests: number };
  storm: { users: number; roomSize: number; spreadMs: number; rewind: number; trafficMs: number };
}

const RAMP = [1, 2, 3, 5, 8, 12, 18, 25];

export const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    workers: 2,
    rooms: { users: 1000, roomSize: 20, rates: RAMP, firstMs: 20_000, stepMs: 10_000, warmupMs: 2_000 },
    dms: { users: 2000, rates: RAMP, firstMs: 15_000, stepMs: 10_000, warmupMs: 2_000 },
    idle: { users: 10_000, restMs: 20_000, settleMs: 3_000 },
    history: { messages: 1_000_000, requests: 2_000 },
    storm: { users: 2000, roomSize: 20, spreadMs: 1_000, rewind: 20, trafficMs: 2_000 },
  },
  dev: {
    name: 'dev',
    workers: 2,
    rooms: { users: 300, roomSize: 20, rates: RAMP, firstMs: 6_000, stepMs: 5_000, warmupMs: 1_000 },
    dms: { users: 400, rates: [1, 3, 8], firstMs: 5_000, stepMs: 4_000, warmupMs: 1_000 },
    idle: { users: 2_000, restMs: 5_000, settleMs: 2_000 },
    history: { messages: 100_000, requests: 400 },
    storm: { users: 400, roomSize: 20, spreadMs: 1_000, rewind: 20, trafficMs: 2_000 },
  },
  smoke: {
    name: 'smoke',
    workers: 2,
    rooms: { users: 40, roomSize: 20, rates: [2], firstMs: 1_000, stepMs: 1_000, warmupMs: 200 },
    dms: { users: 20, rates: [2], firstMs: 1_000, stepMs: 1_000, warmupMs: 200 },
    idle: { users: 60, restMs: 300, settleMs: 200 },
    history: { messages: 2_000, requests: 20 },
    storm: { users: 40, roomSize: 20, spreadMs: 300, rewind: 3, trafficMs: 600 },
  },
};
