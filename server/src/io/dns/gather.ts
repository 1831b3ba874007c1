// The DNS facts of the hosted domains (core/dns/dns-facts.ts): for each domain its MX, the A and
// AAAA of each MX host and whether it is this server, the TLSA at _25._tcp.<host> for hosts that
// are, the _mta-sts and _smtp._tls TXT records. Lookups run in parallel, domain by domain and host
// by host, all under one deadline and the caller's signal: the whole never outlives `deadlineMs`.
// Plain data only; the rules judge it.

import { isThisServer, mxInOrder, type ThisServerFacts } from '../../core/dns/mx';
import { mtaStsOwner, tlsaOwner, tlsRptOwner, type DnsFacts, type DomainFacts, type MxHostFacts } from '../../core/dns/dns-facts';
import type { ChainOnDisk } from '../../core/dns/tlsa-judgement';
import type { CertbotRenewalFacts } from '../../core/dns/certbot-renewal';
import type { DnsResult, ResolverAddress } from '../../core/dns/types';
import { lookup, type LookupOptions } from './lookup';
import { checkResolver } from './resolver-check';

export interface GatherOptions {
  domains: readonly { domain: string; from: string }[];
  /** Default: /etc/resolv.conf's nameservers. */
  resolver?: ResolverAddress;
  signal?: AbortSignal;
  /** Milliseconds for everything. Default 15000. */
  deadlineMs?: number;
  /** Per UDP try (lookup's timeoutMs). Default 2000. */
  timeoutMs?: number;
  /** What tells this server's MX hosts from others, but the hosts' own addresses. */
  thisServer: Omit<ThisServerFacts, 'hostAddresses'>;
  chains: ChainOnDisk[];
  /** The SMTP clients that ask for DANE (for dns-not-validating); the resolver is checked in any case. */
  daneClients?: string[];
  /** certbot's renewal files of the chains (io/dns/certbot-renewals.ts), kept in the facts as given. */
  renewals?: CertbotRenewalFacts[];
}

/** MX hosts asked about per domain; a domain lists a handful. */
const MAX_HOSTS = 16;

export async function gatherDns(o: GatherOptions): Promise<DnsFacts> {
  // One controller for the deadline and the caller's signal (AbortSignal.any needs Node 20.3).
  const all = new AbortController();
  const timer = setTimeout(() => all.abort(new DOMException('the DNS check deadline passed', 'TimeoutError')), o.deadlineMs ?? 15_000);
  const onAbort = () => all.abort(o.signal!.reason);
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort);
  const base: LookupOptions = { signal: all.signal, timeoutMs: o.timeoutMs ?? 2000, ...(o.resolver ? { resolver: o.resolver } : {}) };
  const ask = (name: string, type: 'MX' | 'A' | 'AAAA' | 'TLSA' | 'TXT'): Promise<DnsResult> => lookup(name, type, base);
  try {
    const [resolver, ...domains] = await Promise.all([checkResolver(base, o.daneClients ?? []), ...o.domains.map((d) => gatherDomain(d.domain, d.from, ask, o.thisServer))]);
    return { domains, chains: o.chains, resolver, ...(o.renewals ? { renewals: o.renewals } : {}) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

type Ask = (name: string, type: 'MX' | 'A' | 'AAAA' | 'TLSA' | 'TXT') => Promise<DnsResult>;

async function gatherDomain(domain: string, from: string, ask: Ask, facts: GatherOptions['thisServer']): Promise<DomainFacts> {
  const [mx, mtaSts, tlsRpt] = await Promise.all([ask(domain, 'MX'), ask(mtaStsOwner(domain), 'TXT'), ask(tlsRptOwner(domain), 'TXT')]);
  const records = mx.ok ? mxInOrder(mx.answers.flatMap((r) => (r.type === 'MX' ? [r] : []))) : [];
  const seen = new Set<string>();
  const unique = records.filter((r) => !seen.has(r.exchange) && seen.add(r.exchange)).slice(0, MAX_HOSTS);
  const hosts = await Promise.all(unique.map((r) => gatherHost(r.exchange, r.preference, ask, facts)));
  return { domain, from, mx, hosts, mtaSts, tlsRpt };
}

async function gatherHost(host: string, preference: number, ask: Ask, facts: GatherOptions['thisServer']): Promise<MxHostFacts> {
  const [a, aaaa] = await Promise.all([ask(host, 'A'), ask(host, 'AAAA')]);
  const hostAddresses = [a, aaaa].flatMap((r) => (r.ok ? r.answers.flatMap((x) => (x.type === 'A' || x.type === 'AAAA' ? [x.address] : [])) : []));
  const thisServer = isThisServer(host, { ...facts, hostAddresses });
  const out: MxHostFacts = { host, preference, a, aaaa, thisServer };
  if (thisServer.thisServer) out.tlsa = await ask(tlsaOwner(host), 'TLSA');
  return out;
}
