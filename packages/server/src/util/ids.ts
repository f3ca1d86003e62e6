import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: ids that are neither guessable nor ordered. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** 256 random bits for secrets handed to clients (session tokens). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
