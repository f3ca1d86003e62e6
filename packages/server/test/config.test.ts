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
