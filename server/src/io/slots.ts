// At most n tasks at once, the others waiting in order: the live probes of `probe --mx` and the
// handshakes of `probe --protocols` each hold a connection.

/** A runner that starts a task when one of its `n` slots is free. */
export function slots(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task waiting, so no newcomer can slip in between.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
