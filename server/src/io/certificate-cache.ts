// Remembers what was read and computed for certificate files, keyed by the file's identity
// (path, size, mtimeMs, ino, dev), so that re-checking an unchanged file neither re-reads nor
// re-parses it, while a file replaced in place (certbot renew writes a new file, new inode) or
// rewritten (new mtime/size) is read again. Only a `stat` is done for an unchanged file.

import { stat } from 'node:fs/promises';
import { readFileSafely, withTimeout, type FileIdentity, type ReadOptions, type ReadResult } from './read-file-safely.js';

export interface CacheCounters {
  /** Reads answered from the cache (file unchanged). */
  hits: number;
  /** Reads that went to the disk. */
  misses: number;
  /** Results answered from the cache. */
  resultHits: number;
  resultMisses: number;
}

interface Entry {
  identity: FileIdentity;
  result: ReadResult;
}

const MISSING: FileIdentity = { size: -1, mtimeMs: -1, ino: -1, dev: -1 };

/** How long a watched file's cached bytes are trusted without a stat(). */
export const TRUST_MS = 30_000;

export class CertificateCache {
  readonly counters: CacheCounters = { hits: 0, misses: 0, resultHits: 0, resultMisses: 0 };
  private readonly files = new Map<string, Entry>();
  private readonly results = new Map<string, unknown>();

  constructor(
    private readonly options: ReadOptions & { maxEntries?: number; /** The clock, ms (tests). */ now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /**
   * Files a directory watch covers (see lsp/file-watch.ts): their cached bytes are used without a
   * stat() until a change event invalidates them, or for at most TRUST_MS (a watch can miss events
   * on network filesystems). Path -> when the trust began.
   */
  private readonly watched = new Map<string, number>();

  trustWatched(files: readonly string[]): void {
    const now = this.now();
    const keep = new Set(files);
    for (const f of [...this.watched.keys()]) if (!keep.has(f)) this.watched.delete(f);
    for (const f of files) if (!this.watched.has(f)) this.watched.set(f, now);
  }

  invalidate(path: string): void {
    this.watched.delete(path);
    this.files.delete(path);
  }

  invalidateDirectory(dir: string): void {
    for (const p of [...this.files.keys()]) if (p.startsWith(dir.endsWith('/') ? dir : dir + '/')) this.invalidate(p);
  }

  /** The file's bytes: from the cache when path and identity are unchanged. Failures are not cached. */
  async read(path: string): Promise<ReadResult> {
    const cached = this.files.get(path);
    const since = this.watched.get(path);
    if (cached && since !== undefined && this.now() - since < TRUST_MS) {
      this.counters.hits++;
      return cached.result;
    }
    if (cached && !cached.result.ok) {
      // A missing file under a watch (a fullchain.pem looked for beside cert.pem) is remembered too,
      // but only while trusted: otherwise look again.
      this.files.delete(path);
    } else if (cached) {
      const now = await currentIdentity(path, this.options.timeoutMs ?? 2000);
      if (now && sameIdentity(now, cached.identity)) {
        this.counters.hits++;
        if (since !== undefined) this.watched.set(path, this.now());
        return cached.result;
      }
    }
    this.counters.misses++;
    const result = await readFileSafely(path, this.options);
    if (result.ok) this.remember(this.files, path, { identity: result.stat, result });
    else if (result.reason === 'missing' && since !== undefined) this.remember(this.files, path, { identity: MISSING, result });
    else this.files.delete(path);
    // Read again under a watch: trusted afresh (else a missing file would be looked for on every
    // call once its first TRUST_MS had passed).
    if (since !== undefined && this.watched.has(path) && (result.ok || result.reason === 'missing')) this.watched.set(path, this.now());
    return result;
  }

  /**
   * A result computed from files: `compute` runs again only when one of the files changed or
   * `context` differs (put everything else the result depends on in it: host names, the roots'
   * version, the day for expiry).
   */
  async compute<T>(paths: readonly string[], context: string, compute: (files: ReadResult[]) => T): Promise<T> {
    const files = await Promise.all(paths.map((p) => this.read(p)));
    const key = JSON.stringify([context, paths.map((p, i) => identityKey(p, files[i]!))]);
    if (this.results.has(key)) {
      this.counters.resultHits++;
      return this.results.get(key) as T;
    }
    this.counters.resultMisses++;
    const value = compute(files);
    if (files.every((f) => f.ok)) this.remember(this.results, key, value);
    return value;
  }

  clear(): void {
    this.files.clear();
    this.results.clear();
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    const max = this.options.maxEntries ?? 256;
    while (map.size > max) map.delete(map.keys().next().value as string);
  }
}

function identityKey(path: string, r: ReadResult): string {
  return r.ok ? `${path}\0${r.stat.dev}:${r.stat.ino}:${r.stat.size}:${r.stat.mtimeMs}` : `${path}\0!${r.reason}`;
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

async function currentIdentity(path: string, timeoutMs: number): Promise<FileIdentity | undefined> {
  return withTimeout(
    stat(path).then((s) => (s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev } : undefined)),
    timeoutMs,
    undefined,
  );
}
