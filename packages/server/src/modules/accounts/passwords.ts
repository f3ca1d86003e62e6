import type * as Argon2 from '@node-rs/argon2';

/** The hashing library is loaded at the first log-in or sign-up, not at start. */
let argon2: Promise<typeof Argon2> | undefined;
const library = () => (argon2 ??= import('@node-rs/argon2'));

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. (2 is Algorithm.Argon2id, a const enum.)
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return (await library()).hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies against a real hash even for unknown users, so timing does not reveal who exists. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword('natter-dummy-password');
    const { verify } = await library();
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  const { verify } = await library();
  return verify(stored, password).catch(() => false);
}
