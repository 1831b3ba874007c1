// The DNS facts of the hosted domains (core/dns/dns-facts.ts): for each domain its MX, the A and
// AAAA of each MX host and whether it is this server, the TLSA at _25._tcp.<host> for hosts that
// are, the _mta-sts and _smtp._tls TXT records, the MTA-STS policy when the record is one senders
// use (mta-sts-policy.ts), and the submission SRV records with their targets (srv.ts). Lookups run
// in parallel, domain by domain and host by host, all under one deadline and the caller's signal:
// the whole never outlives `deadlineMs`. Plain data only; the rules judge it.

import { setMaxListeners } from 'node:events';
import { isThisServer, mxInOrder, type ThisServerFacts } from '../../core/dns/mx';
import { mtaStsOwner, tlsaOwner, tlsRptOwner, type DnsFacts, type DomainFacts, type MxHostFacts } from '../../core/dns/dns-facts';
import { parseMtaStsRecords } from '../../core/dns/mta-sts';
import type { MtaStsPolicyFacts } from '../../core/dns/mta-sts-policy-facts';
import type { ChainOnDisk } from '../../core/dns/tlsa-judgement';
import type { CertbotRenewalFacts } from '../../core/dns/certbot-renewal';
import type { DnsCache } from '../../core/dns/ttl-cache';
import type { DnsResult, ResolverAddress } from '../../core/dns/types';
import { lookup, type LookupOptions } from './lookup';
import { gatherMtaStsPolicy } from './gather-mta-sts';
import { gatherSrv } from './gather-srv';
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
  /** Answers kept for their TTL between runs (the editor keeps one; the command line none). */
  cache?: DnsCache;
  /** Counted as the run goes: questions sent to a resolver, and those the cache answered. */
  counts?: LookupCounts;
  /** PEM text of CA certificates the MTA-STS policy host's certificate may chain to, besides Node's roots (--ca-file). */
  extraCaPem?: string;
  /** The chains the smtpd on `port` loads, asked once per port an SRV target that is this server names. */
  chainsForPort?: (port: number) => Promise<ChainOnDisk[]>;
  /** The SMTP clients that ask for DANE (for dns-not-validating); the resolver is checked in any case. */
  daneClients?: string[];
  /** certbot's renewal files of the chains (io/dns/certbot-renewals.ts), kept in the facts as given. */
  renewals?: CertbotRenewalFacts[];
}

export interface LookupCounts {
  sent: number;
  cached: number;
}

/** MX hosts asked about per domain; a domain lists a handful. */
const MAX_HOSTS = 16;

export type AskType = 'MX' | 'A' | 'AAAA' | 'TLSA' | 'TXT' | 'SRV';
export type Ask = (name: string, type: AskType) => Promise<DnsResult>;

/** What a domain's gathering shares: the lookup, the this-server facts, the policy fetch under the same deadline. */
export interface GatherContext {
  ask: Ask;
  thisServer: GatherOptions['thisServer'];
  fetchPolicy: (domain: string) => Promise<MtaStsPolicyFacts>;
}

export async function gatherDns(o: GatherOptions): Promise<DnsFacts> {
  // One controller for the deadline and the caller's signal (AbortSignal.any needs Node 20.3).
  const deadlineMs = o.deadlineMs ?? 15_000;
  const started = Date.now();
  const all = new AbortController();
  // Every lookup of the run listens on it at once (tens of them): not a leak, each removes its own.
  setMaxListeners(0, all.signal);
  const timer = setTimeout(() => all.abort(new DOMException('the DNS check deadline passed', 'TimeoutError')), deadlineMs);
  const onAbort = () => all.abort(o.signal!.reason);
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort);
  const base: LookupOptions = { signal: all.signal, timeoutMs: o.timeoutMs ?? 2000, ...(o.resolver ? { resolver: o.resolver } : {}) };
  const ask: GatherContext['ask'] = async (name, type) => {
    const kept = o.cache?.recall(name, type);
    if (kept) {
      if (o.counts) o.counts.cached++;
      return kept;
    }
    if (o.counts) o.counts.sent++;
    const r = await lookup(name, type, base);
    o.cache?.remember(name, type, r);
    return r;
  };
  const ctx: GatherContext = {
    ask,
    thisServer: o.thisServer,
    // The fetch's own deadline is what is left of the run's (in tenths of a second, as its words
    // name it), so a slow policy host ends with the run and is reported as too slow.
    fetchPolicy: (domain) =>
      gatherMtaStsPolicy(domain, {
        signal: all.signal,
        deadlineMs: Math.max(100, Math.floor((deadlineMs - (Date.now() - started)) / 100) * 100),
        ...(o.resolver ? { resolver: o.resolver } : {}),
        ...(o.extraCaPem ? { extraCaPem: o.extraCaPem } : {}),
      }),
  };
  try {
    const [resolver, ...domains] = await Promise.all([checkResolver(base, o.daneClients ?? []), ...o.domains.map((d) => gatherDomain(d.domain, d.from, ctx))]);
    const facts: DnsFacts = { domains, chains: o.chains, resolver, ...(o.renewals ? { renewals: o.renewals } : {}) };
    const ports = [...new Set(domains.flatMap((d) => (d.srv ?? []).flatMap((s) => s.targets.filter((t) => t.thisServer.thisServer).map((t) => t.port))))];
    if (o.chainsForPort && ports.length > 0) facts.serviceChains = await Promise.all(ports.map(async (port) => ({ port, chains: await o.chainsForPort!(port) })));
    return facts;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

async function gatherDomain(domain: string, from: string, ctx: GatherContext): Promise<DomainFacts> {
  const [rest, srv] = await Promise.all([gatherMxAndPolicy(domain, ctx), gatherSrv(domain, ctx)]);
  return { domain, from, ...rest, srv };
}

async function gatherMxAndPolicy(domain: string, ctx: GatherContext): Promise<Omit<DomainFacts, 'domain' | 'from' | 'srv'>> {
  const { ask } = ctx;
  const [mx, mtaSts, tlsRpt] = await Promise.all([ask(domain, 'MX'), ask(mtaStsOwner(domain), 'TXT'), ask(tlsRptOwner(domain), 'TXT')]);
  const records = mx.ok ? mxInOrder(mx.answers.flatMap((r) => (r.type === 'MX' ? [r] : []))) : [];
  const seen = new Set<string>();
  const unique = records.filter((r) => !seen.has(r.exchange) && seen.add(r.exchange)).slice(0, MAX_HOSTS);
  // The policy is fetched as senders do: only when the _mta-sts record is one they would use.
  const [hosts, policy] = await Promise.all([Promise.all(unique.map((r) => gatherHost(r.exchange, r.preference, ctx))), usableMtaStsRecord(mtaSts, domain) ? ctx.fetchPolicy(domain) : undefined]);
  return { mx, hosts, mtaSts, tlsRpt, ...(policy ? { mtaStsPolicy: policy } : {}) };
}

async function gatherHost(host: string, preference: number, ctx: GatherContext): Promise<MxHostFacts> {
  const [a, aaaa] = await Promise.all([ctx.ask(host, 'A'), ctx.ask(host, 'AAAA')]);
  const hostAddresses = [a, aaaa].flatMap((r) => (r.ok ? r.answers.flatMap((x) => (x.type === 'A' || x.type === 'AAAA' ? [x.address] : [])) : []));
  const thisServer = isThisServer(host, { ...ctx.thisServer, hostAddresses });
  const out: MxHostFacts = { host, preference, a, aaaa, thisServer };
  if (thisServer.thisServer) out.tlsa = await ctx.ask(tlsaOwner(host), 'TLSA');
  return out;
}

function usableMtaStsRecord(r: DnsResult, domain: string): boolean {
  return r.ok && parseMtaStsRecords(r.answers.flatMap((x) => (x.type === 'TXT' ? [x.strings] : [])), mtaStsOwner(domain)).record !== undefined;
}
