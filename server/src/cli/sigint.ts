// Ctrl-C during a command that connects or asks DNS: the work is cancelled (each lookup or probe
// then ends as cancelled, and the command prints what it has) rather than the process killed mid-line.

/** Runs `work` with a signal that Ctrl-C aborts. */
export async function cancelledBySigint<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
