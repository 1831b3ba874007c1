// Lookup results kept for their TTL, for the editor (the command line keeps none between runs). Pure:
// the clock is passed in, so tests turn it by hand and nothing here reads the time.

import { dnsQueryName } from './name';
import type { DnsRecordType, DnsResult } from './types';

export interface TtlCacheOptions {
  /** Milliseconds on any monotonic scale (performance.now, a test's counter). */
  now: () => number;
  /** Entries beyond this push out the least recently used. */
  maxEntries?: number;
  /** No entry is kept longer than this, whatever its TTL says (a resolver can say 68 years). */
  maxTtlSeconds?: number;
}

export class TtlCache<V> {
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly maxTtlSeconds: number;

  constructor(options: TtlCacheOptions) {
    this.now = options.now;
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxTtlSeconds = options.maxTtlSeconds ?? 3600;
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    this.entries.delete(key);
    if (this.now() >= e.expires) return undefined;
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` for `ttlSeconds` (capped); a TTL of 0 or less keeps nothing. */
  set(key: string, value: V, ttlSeconds: number): void {
    this.entries.delete(key);
    const ttl = Math.min(ttlSeconds, this.maxTtlSeconds);
    if (!(ttl > 0)) return;
    this.entries.set(key, { value, expires: this.now() + ttl * 1000 });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache of lookups: answers for their TTL, failures not at all (the next check asks again). */
export class DnsCache extends TtlCache<DnsResult> {
  static key(name: string, type: DnsRecordType): string {
    return `${dnsQueryName(name) ?? name}/${type}`;
  }

  remember(name: string, type: DnsRecordType, result: DnsResult): void {
    if (result.ok) this.set(DnsCache.key(name, type), result, result.ttl);
  }

  recall(name: string, type: DnsRecordType): DnsResult | undefined {
    return this.get(DnsCache.key(name, type));
  }
}
