import fs from 'node:fs';
import { configFromEnv } from '../config';
import { backupSqlite } from '../ops/sqlite-backup';
import { fromCallerDir, runCli, stringOptions, usageError } from './run';

const USAGE = `usage: npm run -w @natter/server db:backup -- --to <file> [--from <natter.db>]

Writes a consistent copy of the SQLite database, safe while the server runs.
--from defaults to the database the server would open (DATA_DIR/natter.db or DATABASE_URL=sqlite:...).`;

runCli(USAGE, async () => {
  const values = stringOptions(['from', 'to'] as const);
  if (!values.to) throw usageError('--to is required');
  let from = values.from ? fromCallerDir(values.from) : undefined;
  if (!from) {
    if (fs.existsSync('.env')) process.loadEnvFile('.env');
    const { database } = configFromEnv(process.env);
    if (database.kind !== 'sqlite') throw usageError('DATABASE_URL is PostgreSQL: back it up with pg_dump, or pass --from <file.db>');
    from = database.file;
  }
  const started = Date.now();
  const result = await backupSqlite(from, fromCallerDir(values.to));
  console.log(`backed up ${from} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB in ${Date.now() - started} ms)`);
});
