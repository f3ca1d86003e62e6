/**
 * The app is served at `<BASE_PATH>/` and the API at `<BASE_PATH>/api`; the server injects nothing,
 * so the prefix is read from where the page itself was loaded.
 */
export function apiBaseFrom(baseURI: string): string {
  const dir = new URL('.', baseURI).pathname;
  return dir.replace(/\/+$/, '');
}
