import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { OpsError } from '../ops/errors';

export function fromCallerDir(p: string): string {
  return path.resolve(p);
}

/** Runs a command line tool: operator errors print one line and exit 1, bad usage exits 2. */
export function runCli(usage: string, main: () => Promise<void>): void {
  // `npm run -w` starts scripts in the package folder: paths, .env and DATA_DIR mean what they
  // mean where the command was typed, as for the server started there.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof OpsError && err.code === 'bad_arguments') {
        console.error(`${err.message}\n\n${usage}`);
        process.exit(2);
      }
      if (err instanceof OpsError || err instanceof ConfigError) {
        console.error(`error: ${err.message}`);
        process.exit(1);
      }
      console.error(err instanceof Error ? `error: ${err.message}` : err);
      process.exit(1);
    },
  );
}

export function usageError(message: string): OpsError {
  return new OpsError('bad_arguments', message);
}

/** --name value options only; unknown options and positionals are usage errors, not stack traces. */
export function stringOptions<K extends string>(names: readonly K[]): Partial<Record<K, string>> {
  try {
    const { values } = parseArgs({ options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true });
    return values as Partial<Record<K, string>>;
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
}
