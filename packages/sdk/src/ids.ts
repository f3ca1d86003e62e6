/**
 * 32 hex characters from the platform CSPRNG. getRandomValues rather than randomUUID because browsers
 * only offer randomUUID on secure origins, and a self-hosted server is often reached over plain http.
 */
export function randomHex(bytes = 16): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Matches the protocol's ClientMsgId: 8..64 chars of [A-Za-z0-9_-]. */
export function newClientMsgId(): string {
  return randomHex(16);
}
