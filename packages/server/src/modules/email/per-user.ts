const chains = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after any earlier task with the same key has finished, so "check the rate limit, then
 * issue a link" cannot interleave for one account within this process.
 */
export function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const tail = next.catch(() => undefined);
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return next;
}
