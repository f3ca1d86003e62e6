import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../src/config';

describe('configuration from the environment', () => {
  it('defaults to SQLite under ./data on port 3000 of every interface', () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({ host: '0.0.0.0', port: 3000, basePath: '', database: { kind: 'sqlite' } });
    expect(c.database.kind === 'sqlite' && c.database.file).toMatch(/data[/\\]natter\.db$/);
  });

  it('selects PostgreSQL from DATABASE_URL and normalises BASE_PATH', () => {
    const c = configFromEnv({ DATABASE_URL: 'postgres://u@h/db', BASE_PATH: '/chat/' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(c.basePath).toBe('/chat');
  });

  it('names every bad variable in one clear error', () => {
    expect(() => configFromEnv({ PORT: 'eighty', BASE_PATH: 'chat', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      configFromEnv({ PORT: 'eighty', BASE_PATH: 'chat' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/BASE_PATH/);
    }
  });
});

describe('socket limits from the environment', () => {
  it("keeps today's limits when nothing is set", () => {
    expect(configFromEnv({}).security.socket).toEqual({
      framesPerSecond: 30, frameBurst: 60, rateStrikes: 20, floodPenaltyMs: 10_000, sendBufferBytes: 4 * 1024 * 1024,
    });
  });

  it('takes each limit from its variable', () => {
    const c = configFromEnv({
      SOCKET_FRAMES_PER_SECOND: '200', SOCKET_FRAME_BURST: '400', SOCKET_RATE_STRIKES: '3',
      SOCKET_FLOOD_PENALTY_MS: '0', SOCKET_SEND_BUFFER_BYTES: '1048576',
    });
    expect(c.security.socket).toEqual({ framesPerSecond: 200, frameBurst: 400, rateStrikes: 3, floodPenaltyMs: 0, sendBufferBytes: 1024 * 1024 });
  });

  it('raises a burst below one second of the rate to that second', () => {
    expect(configFromEnv({ SOCKET_FRAMES_PER_SECOND: '100', SOCKET_FRAME_BURST: '10' }).security.socket.frameBurst).toBe(100);
  });

  it('refuses limits that would disable the socket or cannot be numbers', () => {
    for (const env of [{ SOCKET_FRAMES_PER_SECOND: '0' }, { SOCKET_FRAME_BURST: '0' }, { SOCKET_RATE_STRIKES: '-1' },
      { SOCKET_SEND_BUFFER_BYTES: '1000' }, { SOCKET_FLOOD_PENALTY_MS: 'soon' }]) {
      expect(() => configFromEnv(env), JSON.stringify(env)).toThrow(ConfigError);
    }
  });
});
