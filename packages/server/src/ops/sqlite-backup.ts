import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { OpsError } from './errors';

export interface BackupResult {
  file: string;
  bytes: number;
}

/**
 * SQLite's online backup: a consistent snapshot, page by page, while the server keeps writing (WAL
 * readers never block writers). The copy is checked and made a single self-contained file before it
 * appears under its final name, so a failed or interrupted backup never leaves a plausible-looking file.
 */
export async function backupSqlite(from: string, to: string): Promise<BackupResult> {
  if (!fs.existsSync(from)) throw new OpsError('source_missing', `no SQLite database at ${from}`);
  if (fs.existsSync(to)) throw new OpsError('target_exists', `${to} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial`;
  fs.rmSync(partial, { force: true });

  const source = new SQLite(from, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } finally {
    source.close();
  }
  try {
    const copy = new SQLite(partial);
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new OpsError('verify_failed', `the backup failed its integrity check: ${String(check)}`);
      // Rollback-journal mode: the backup is one file, with no -wal/-shm beside it to forget when copying it away.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, to);
  } catch (err) {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
  return { file: to, bytes: fs.statSync(to).size };
}
