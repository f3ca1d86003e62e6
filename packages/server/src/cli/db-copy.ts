import { copySqliteToPostgres } from '../ops/sqlite-to-postgres';
import { fromCallerDir, runCli, stringOptions, usageError } from './run';

const USAGE = `usage: npm run -w @natter/server db:copy -- --from <natter.db> --to postgres://user@host/db [--batch 1000]

Copies every table of a SQLite deployment into an empty PostgreSQL database (migrated first),
in one transaction, and checks the row counts before committing.`;

runCli(USAGE, async () => {
  const values = stringOptions(['from', 'to', 'batch'] as const);
  if (!values.from) throw usageError('--from is required');
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) throw usageError('--to must be a postgres:// URL');
  const batchRows = values.batch === undefined ? 1000 : Number(values.batch);
  if (!Number.isInteger(batchRows) || batchRows < 1) throw usageError('--batch must be a positive whole number');
  const started = Date.now();
  const result = await copySqliteToPostgres({ from: fromCallerDir(values.from), to: values.to, batchRows, log: (line) => console.log(line) });
  const total = result.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`copied ${total} rows in ${result.tables.length} tables in ${Date.now() - started} ms; row counts verified`);
});
