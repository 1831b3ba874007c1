// Files change without the configuration that names them changing (certbot renew replaces
// certificates). FileWatcher watches, with fs.watch, the directories of the files it is given and of
// their symlink targets (certbot's live/ -> archive/ links), which works in every editor, not only
// those that support workspace/didChangeWatchedFiles. At most `maxDirectories` directories are
// watched; events are debounced per key (a renewal writes several files); a watch that fails is
// dropped silently. What the files are and whom to tell is lsp/file-watch.ts's business.

import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { withTimeout } from './read-file-safely';

export const MAX_DIRECTORIES = 64;
export const WATCH_DEBOUNCE_MS = 200;
const REALPATH_TIMEOUT_MS = 1000;

interface DirectoryWatch {
  watcher: FSWatcher;
}

export class FileWatcher {
  /** Per key (the language server's pair: its main.cf URI): the files whose change is reported. */
  private readonly pairs = new Map<string, Set<string>>();
  private readonly dirs = new Map<string, DirectoryWatch>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Bumped per pair so that a slow watch() does not overwrite a newer one. */
  private readonly generation = new Map<string, number>();

  /** The last file list asked for, per pair: the same list again changes nothing. */
  private readonly asked = new Map<string, string>();

  constructor(
    /** Called (debounced) with the pair key when one of its files changed. */
    private readonly onChange: (pair: string) => void,
    private readonly maxDirectories = MAX_DIRECTORIES,
    private readonly debounceMs = WATCH_DEBOUNCE_MS,
    /** Told at once of every change event: the file (or null: anything in dir) and its directory. */
    private readonly onFileEvent?: (file: string | null, dir: string) => void,
    /** Told which files are now covered by a watch (their changes will be reported). */
    private readonly onCovered?: (files: string[]) => void,
  ) {}

  /** Watch these files for a pair (replacing what it watched before). Never throws. */
  async watch(pair: string, files: readonly string[]): Promise<void> {
    // Every edit of main.cf asks again, nearly always for the same files: skip the realpath calls.
    const key = files.join('\0');
    if (this.asked.get(pair) === key && this.pairs.has(pair)) return;
    this.asked.set(pair, key);
    const gen = (this.generation.get(pair) ?? 0) + 1;
    this.generation.set(pair, gen);
    const all = new Set<string>();
    for (const f of files) {
      all.add(f);
      const real = await withTimeout(realpath(f), REALPATH_TIMEOUT_MS, f);
      all.add(real);
    }
    if (this.generation.get(pair) !== gen) return;
    this.pairs.set(pair, all);
    this.sync();
  }

  /** Stop watching for a pair (its documents were closed). */
  forget(pair: string): void {
    this.generation.set(pair, (this.generation.get(pair) ?? 0) + 1);
    this.asked.delete(pair);
    this.pairs.delete(pair);
    const t = this.timers.get(pair);
    if (t) clearTimeout(t);
    this.timers.delete(pair);
    this.sync();
  }

  /** The directories being watched (for tests and logs). */
  watchedDirectories(): string[] {
    return [...this.dirs.keys()];
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pairs.clear();
    this.asked.clear();
    this.sync();
  }

  private sync(): void {
    const wanted = new Set<string>();
    for (const files of this.pairs.values()) for (const f of files) wanted.add(path.dirname(f));
    for (const [dir, w] of this.dirs) {
      if (!wanted.has(dir)) this.close(dir, w);
    }
    for (const dir of wanted) {
      if (this.dirs.has(dir) || this.dirs.size >= this.maxDirectories) continue;
      try {
        const w: DirectoryWatch = { watcher: watch(dir, { persistent: false }, (_event, filename) => this.changed(dir, filename === null ? null : String(filename))) };
        w.watcher.on('error', () => this.close(dir, w));
        this.dirs.set(dir, w);
      } catch {
        // A missing or unreadable directory: nothing to watch (the diagnostics already say why).
      }
    }
    if (this.onCovered) {
      const covered: string[] = [];
      for (const files of this.pairs.values()) for (const f of files) if (this.dirs.has(path.dirname(f))) covered.push(f);
      this.onCovered(covered);
    }
  }

  private close(dir: string, w: DirectoryWatch): void {
    try {
      w.watcher.close();
    } catch {
      /* already closed */
    }
    if (this.dirs.get(dir) === w) this.dirs.delete(dir);
  }

  private changed(dir: string, name: string | null): void {
    for (const [pair, files] of this.pairs) {
      for (const f of files) {
        if (path.dirname(f) === dir && (name === null || path.basename(f) === name)) {
          // A link (live/cert.pem) and its target (archive/cert3.pem) are both in the set: forget
          // every file of the pair, whichever of them the event was about.
          if (this.onFileEvent) for (const g of files) this.onFileEvent(g, path.dirname(g));
          this.schedule(pair);
          break;
        }
      }
    }
  }

  private schedule(pair: string): void {
    const t = this.timers.get(pair);
    if (t) clearTimeout(t);
    this.timers.set(
      pair,
      setTimeout(() => {
        this.timers.delete(pair);
        this.onChange(pair);
      }, this.debounceMs),
    );
  }
}
