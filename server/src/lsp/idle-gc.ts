// Garbage collection while the editor is idle. Each analysis leaves about a megabyte of garbage in
// V8's young generation; collected at the next allocation that does not fit, it would land in the
// middle of the next analysis and add a few milliseconds to that edit's diagnostics. Collected
// right after diagnostics are sent, when nothing waits on the server, it costs the same and no one
// waits for it. Needs V8's gc() (exposed at run time); without it this does nothing.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Gc = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let gc: Gc | null | undefined;

/** V8's gc(), exposed on first use; null where that is not possible. */
export function exposedGc(): Gc | null {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = (runInNewContext('gc') as Gc | undefined) ?? null;
    } catch {
      gc = null;
    }
  }
  return gc;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly enabled = true,
    /** How long nothing else must have happened first, ms. */
    private readonly delayMs = 10,
    private readonly collect: () => Gc | null = exposedGc,
  ) {}

  /** Work was just done: collect the young generation once the server has been idle for delayMs. */
  schedule(): void {
    if (!this.enabled) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect()?.({ type: 'minor' });
    }, this.delayMs);
    this.timer.unref();
  }
}
