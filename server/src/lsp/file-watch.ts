// Certificate files change without main.cf changing (certbot renew replaces them), and the
// diagnostics must follow: the files a pair's configuration names are watched (io/file-watcher.ts)
// while one of its documents is open, and a change re-checks the pair. Files under a watch are
// trusted by the certificate cache (not stat()ed on every edit) and forgotten by it on a change.

import * as path from 'node:path';
import { certificateTargets, type CertificateTarget } from '../core/tls/config-targets';
import { MAX_FILES_PER_CHECK } from '../io/certificate-checks';
import { FileWatcher, MAX_DIRECTORIES, WATCH_DEBOUNCE_MS } from '../io/file-watcher';
import type { PairResult } from './workspace';
import type { CertificateCache } from '../io/certificate-cache';

/**
 * Absolute paths of the certificate, key and chain files the pair's configuration names: the first
 * MAX_FILES_PER_CHECK, as many as a check reads (a file it does not read needs no watch, nor a
 * realpath() on every change of the list), and the extra ones.
 */
export function certificatePaths(r: PairResult, extra: readonly string[] = [], targets: readonly CertificateTarget[] = certificateTargets(r.analysis, []).targets): string[] {
  const out = new Set<string>();
  // The analysis goes on past a line being typed (continueAfterFatal), so what the file names stays watched meanwhile.
  for (const t of targets) {
    if (out.size >= MAX_FILES_PER_CHECK) break;
    for (const p of [t.certPath, t.keyPath, ...(t.chainPaths ?? [])]) if (p) out.add(p);
    // cert-chain-incomplete names a fullchain.pem beside cert.pem when there is one.
    if (t.certPath) out.add(path.join(path.dirname(t.certPath), 'fullchain.pem'));
  }
  for (const p of extra) if (p) out.add(p);
  return [...out].filter((p) => path.isAbsolute(p));
}

/** The watcher wired to the open documents: which pairs to watch, and whom to tell of a change. */
export class CertificateFileWatch {
  private readonly watcher: FileWatcher;
  /** Pair key (its main.cf URI) -> the URIs of its two files. */
  private readonly uris = new Map<string, [string, string]>();

  constructor(
    private readonly isOpen: (uri: string) => boolean,
    /** Re-check a document (its pair's diagnostics are published again). */
    recheck: (uri: string) => void,
    /** Further files whose change matters (the extra CA file). */
    private readonly extraFiles: () => string[],
    /** The cache to keep in step: files under a watch are not stat()ed on every edit. */
    cache?: CertificateCache,
  ) {
    this.watcher = new FileWatcher(
      (pair) => {
        const open = (this.uris.get(pair) ?? []).find((u) => this.isOpen(u));
        if (open) recheck(open);
        else this.forget(pair);
      },
      MAX_DIRECTORIES,
      WATCH_DEBOUNCE_MS,
      cache ? (file, dir) => (file ? cache.invalidate(file) : cache.invalidateDirectory(dir)) : undefined,
      cache ? (files) => cache.trustWatched(files) : undefined,
    );
  }

  /** Before the pair's certificate files are read: watch exactly those (`targets`: the pair's, when known). */
  beforeChecks(r: PairResult, targets?: readonly CertificateTarget[]): Promise<void> {
    this.uris.set(r.mainUri, [r.mainUri, r.masterUri]);
    return this.watcher.watch(r.mainUri, certificatePaths(r, this.extraFiles(), targets));
  }

  /** A document was closed: stop watching for its pair once neither of its files is open. */
  closed(uri: string): void {
    for (const [pair, both] of this.uris) {
      if (both.includes(uri) && !both.some((u) => this.isOpen(u))) this.forget(pair);
    }
  }

  dispose(): void {
    this.uris.clear();
    this.watcher.dispose();
  }

  private forget(pair: string): void {
    this.uris.delete(pair);
    this.watcher.forget(pair);
  }
}
