// lookup(name, type): one DNS question to a recursive resolver, answered as plain data for the core
// (core/dns/types.ts). Never throws, never outlives its deadline.
//
// Node's own dns module cannot do this: it has no TLSA, and it cannot say whether the resolver
// validated the answer (the AD bit), which is what DANE depends on. dns-packet reads and writes the
// wire format; the sockets, limits and checks are here.

import { dnsQueryName } from '../../core/dns/name';
import { escapeHidden } from '../../core/escape';
import { formatResolver, type DnsFailure, type DnsRecord, type DnsRecordType, type DnsResult, type ResolverAddress } from '../../core/dns/types';
import { askResolvers } from './ask-resolvers';
import { toDnsRecord } from './records';
import { systemResolvConf } from './system-resolver';
import type { Budget, Exchange } from './wire';

export interface LookupOptions {
  /** The resolver(s) to ask, in order. Default: /etc/resolv.conf's nameservers. */
  resolver?: ResolverAddress | readonly ResolverAddress[];
  /** Cancels the lookup (reason 'aborted'; a TimeoutError reason gives 'timeout'). */
  signal?: AbortSignal;
  /** Milliseconds per UDP try and per TCP exchange. Default 2000. */
  timeoutMs?: number;
  /** UDP tries per resolver. Default 2. */
  attempts?: number;
  /** Milliseconds for the whole lookup, CNAME re-queries included. Default 10000. */
  deadlineMs?: number;
  /** Bytes the lookup may read in all, over UDP and TCP. Default 256 KiB. */
  maxBytes?: number;
  /** CNAMEs followed at most. Default 8. */
  maxCnames?: number;
  /** TCP only (resolv.conf's use-vc). Default: resolv.conf's when it gives the resolvers, else false. */
  tcpOnly?: boolean;
}

export const LOOKUP_DEFAULTS = { timeoutMs: 2000, attempts: 2, deadlineMs: 10_000, maxBytes: 256 * 1024, maxCnames: 8 };

export async function lookup(name: string, type: DnsRecordType, options: LookupOptions = {}): Promise<DnsResult> {
  // The root is asked only for its SOA, to learn whether the resolver validates (resolver-check.ts).
  const qname = name === '.' && type === 'SOA' ? '.' : dnsQueryName(name);
  if (qname === null) return { ok: false, reason: 'bad-name', detail: `"${escapeHidden(name.slice(0, 300))}" is not a DNS name that can be looked up` };
  let servers: readonly ResolverAddress[];
  let tcpOnly = options.tcpOnly ?? false;
  if (options.resolver === undefined) {
    const conf = await systemResolvConf();
    servers = conf.servers;
    tcpOnly = options.tcpOnly ?? conf.useVc;
  } else servers = Array.isArray(options.resolver) ? options.resolver : [options.resolver as ResolverAddress];
  if (servers.length === 0) return { ok: false, reason: 'no-resolver', detail: 'no resolver to ask' };

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('the lookup deadline passed', 'TimeoutError')), options.deadlineMs ?? LOOKUP_DEFAULTS.deadlineMs);
  const onCallerAbort = () => deadline.abort(options.signal!.reason);
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort);
  const budget: Budget = { signal: deadline.signal, bytesLeft: options.maxBytes ?? LOOKUP_DEFAULTS.maxBytes };
  const ask = { timeoutMs: options.timeoutMs ?? LOOKUP_DEFAULTS.timeoutMs, attempts: options.attempts ?? LOOKUP_DEFAULTS.attempts, tcpOnly };
  try {
    return await follow(qname, type, options.maxCnames ?? LOOKUP_DEFAULTS.maxCnames, (n) => askResolvers(servers, { name: n, type }, ask, budget));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Asks for `qname`, follows the CNAME chain through each answer, and asks again for the chain's end
 * when an answer stops at a CNAME without saying what its target holds (as Postfix's dns_lookup()
 * does). At most `maxCnames` CNAMEs; a name met twice is a loop.
 */
async function follow(qname: string, type: DnsRecordType, maxCnames: number, ask: (name: string) => Promise<Exchange>): Promise<DnsResult> {
  const chain: string[] = [];
  let current = qname;
  let ad = true;
  let ttl = Infinity;
  for (;;) {
    const asked = current;
    const e = await ask(asked);
    if (!e.ok) return failure(e, asked, type);
    const r = e.response;
    ad &&= r.flag_ad;
    const records = (r.answers ?? []).map(toDnsRecord).filter((x): x is DnsRecord => x !== null);
    let finals: DnsRecord[];
    for (;;) {
      finals = records.filter((x) => x.type === type && x.name === current);
      if (finals.length > 0 || type === 'CNAME') break;
      const cname = records.find((x) => x.type === 'CNAME' && x.name === current);
      if (cname?.type !== 'CNAME') break;
      if (cname.target === qname || chain.includes(cname.target)) {
        return { ok: false, reason: 'cname-loop', detail: `${qname} ${type}: the CNAME chain comes back to ${cname.target}`, server: formatResolver(e.server) };
      }
      if (chain.length >= maxCnames) {
        return { ok: false, reason: 'cname-chain-too-long', detail: `${qname} ${type}: more than ${maxCnames} CNAMEs`, server: formatResolver(e.server) };
      }
      chain.push(cname.target);
      ttl = Math.min(ttl, cname.ttl);
      current = cname.target;
    }
    const rcode = (r as { rcode?: string }).rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NOERROR';
    const soa = (r.authorities ?? []).find((a) => a.type === 'SOA');
    // The answer stopped at a CNAME: the resolver did not follow it (no SOA says the target is empty).
    if (finals.length === 0 && current !== asked && rcode === 'NOERROR' && soa === undefined) continue;
    if (finals.length > 0) ttl = Math.min(ttl, ...finals.map((x) => x.ttl));
    else {
      // Negative caching (RFC 2308): the smaller of the SOA's TTL and its minimum field.
      const negative = soa?.type === 'SOA' ? Math.min(soa.ttl ?? 0, soa.data.minimum ?? 0) : 0;
      ttl = Math.min(ttl, negative);
    }
    return { ok: true, rcode, ad, answers: finals, cnameChain: chain, ttl, server: formatResolver(e.server) };
  }
}

function failure(e: Exchange & { ok: false }, name: string, type: DnsRecordType): DnsFailure {
  const f: DnsFailure = { ok: false, reason: e.reason, detail: `${name} ${type}: ${e.detail}`, server: formatResolver(e.server) };
  if (e.rcode !== undefined) f.rcode = e.rcode;
  return f;
}
