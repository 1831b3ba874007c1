// Remembers what was read and computed for certificate files, keyed by the file's identity
// (path, size, mtimeMs, ino, dev), so that re-checking an unchanged file neither re-reads nor
// re-parses it, while a file replaced in place (certbot renew writes a new file, new inode) or
// rewritten (new mtime/size) is read again. Only a `stat` is done for an unchanged file.
// A file is read once however it is asked for: a read already under way is joined, and a path that
// turns out to be a file already held (a link to it, another spelling) gets the bytes held. What is
// held is bounded by entries and by bytes.

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
  /** Reads answered with the bytes held for the same file under another path (a link, another spelling). */
  shared: number;
}

interface Entry {
  identity: FileIdentity;
  result: ReadResult;
}

const MISSING: FileIdentity = { size: -1, mtimeMs: -1, ino: -1, dev: -1 };

/** How long a watched file's cached bytes are trusted without a stat(). */
export const TRUST_MS = 30_000;

/**
 * Bytes of file contents held at most. Real certificate and key files are a few KiB each; the
 * reading limit is 1 MiB a file, and a check reads at most about 8 MiB (io/certificate-checks.ts).
 */
export const MAX_CACHED_BYTES = 32 * 1024 * 1024;

export class CertificateCache {
  readonly counters: CacheCounters = { hits: 0, misses: 0, resultHits: 0, resultMisses: 0, shared: 0 };
  private readonly files = new Map<string, Entry>();
  private readonly results = new Map<string, unknown>();
  /** Reads under way, by path: a second caller waits for the same one. */
  private readonly reading = new Map<string, Promise<ReadResult>>();
  /** Each byte array held, with how many paths hold it (links share one), and their sum. */
  private readonly holders = new Map<Uint8Array, number>();
  private heldBytes = 0;

  constructor(
    private readonly options: ReadOptions & { maxEntries?: number; maxBytes?: number; /** The clock, ms (tests). */ now?: () => number } = {},
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
    this.dropFile(path);
  }

  invalidateDirectory(dir: string): void {
    for (const p of [...this.files.keys()]) if (p.startsWith(dir.endsWith('/') ? dir : dir + '/')) this.invalidate(p);
  }

  /** The file's bytes: from the cache when path and identity are unchanged. Failures are not cached. */
  read(path: string): Promise<ReadResult> {
    const under = this.reading.get(path);
    if (under) return under;
    const p = this.readNow(path).finally(() => this.reading.delete(path));
    this.reading.set(path, p);
    return p;
  }

  private async readNow(path: string): Promise<ReadResult> {
    const cached = this.files.get(path);
    const since = this.watched.get(path);
    if (cached && since !== undefined && this.now() - since < TRUST_MS) {
      this.counters.hits++;
      return cached.result;
    }
    if (cached && !cached.result.ok) {
      // A missing file under a watch (a fullchain.pem looked for beside cert.pem) is remembered too,
      // but only while trusted: otherwise look again.
      this.dropFile(path);
    } else if (cached) {
      const now = await currentIdentity(path, this.options.timeoutMs ?? 2000);
      if (now && sameIdentity(now, cached.identity)) {
        this.counters.hits++;
        if (since !== undefined) this.watched.set(path, this.now());
        return cached.result;
      }
    }
    let held: ReadResult | undefined;
    const result = await readFileSafely(path, { ...this.options, reuse: (id) => (held = this.heldFor(id)) });
    if (result === held) this.counters.shared++;
    else this.counters.misses++;
    if (result.ok) this.keepFile(path, { identity: result.stat, result });
    else if (result.reason === 'missing' && since !== undefined) this.keepFile(path, { identity: MISSING, result });
    else this.dropFile(path);
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
    // One file at a time, each path once: a list that names one file a thousand times read it a
    // thousand times at once (a gigabyte for a 29 KB main.cf).
    const read = new Map<string, ReadResult>();
    const files: ReadResult[] = [];
    for (const p of paths) {
      let r = read.get(p);
      if (!r) read.set(p, (r = await this.read(p)));
      files.push(r);
    }
    return this.computeFrom(paths, files, context, compute);
  }

  /** compute() for files the caller has read (through this cache). */
  computeFrom<T>(paths: readonly string[], files: readonly ReadResult[], context: string, compute: (files: ReadResult[]) => T): T {
    const key = JSON.stringify([context, paths.map((p, i) => identityKey(p, files[i]!))]);
    if (this.results.has(key)) {
      this.counters.resultHits++;
      return this.results.get(key) as T;
    }
    this.counters.resultMisses++;
    const value = compute([...files]);
    if (files.every((f) => f.ok)) this.remember(this.results, key, value);
    return value;
  }

  clear(): void {
    this.files.clear();
    this.holders.clear();
    this.heldBytes = 0;
    this.results.clear();
  }

  /** A result held for this very file (device, inode, size, mtime) under another path. */
  private heldFor(id: FileIdentity): ReadResult | undefined {
    for (const e of this.files.values()) if (e.result.ok && sameIdentity(e.identity, id)) return e.result;
    return undefined;
  }

  private keepFile(path: string, entry: Entry): void {
    this.dropFile(path);
    this.files.set(path, entry);
    if (entry.result.ok) {
      const bytes = entry.result.bytes;
      const n = this.holders.get(bytes) ?? 0;
      this.holders.set(bytes, n + 1);
      if (n === 0) this.heldBytes += bytes.byteLength;
    }
    const maxEntries = this.options.maxEntries ?? 256;
    const maxBytes = this.options.maxBytes ?? MAX_CACHED_BYTES;
    // The oldest go first; the entry just kept stays even when it alone is over the bytes.
    while (this.files.size > maxEntries || (this.heldBytes > maxBytes && this.files.size > 1)) this.dropFile(this.files.keys().next().value as string);
  }

  private dropFile(path: string): void {
    const e = this.files.get(path);
    if (!e) return;
    this.files.delete(path);
    if (!e.result.ok) return;
    const bytes = e.result.bytes;
    const n = (this.holders.get(bytes) ?? 1) - 1;
    if (n > 0) this.holders.set(bytes, n);
    else {
      this.holders.delete(bytes);
      this.heldBytes -= bytes.byteLength;
    }
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
