// What the DNS gatherer (io/dns/gather.ts) found for the hosted domains, as plain JSON-safe data,
// and its split into evidence for the DNS rules (rules/dns/). Pure. Every name and text in it came
// from the network or the configuration: escape it before showing it.

import type { DnsEvidence } from '../rules/dns/evidence';
import type { ThisServer } from './mx';
import type { MtaStsPolicyFacts } from './mta-sts-policy-facts';
import type { SrvFacts } from './srv';
import type { ChainOnDisk } from './tlsa-judgement';
import type { DnsFailure, DnsResult } from './types';
import { resolverEvidence, type ResolverFacts } from './resolver-check';
import { renewalEvidence, type CertbotRenewalFacts } from './certbot-renewal';
import { tableEvidence, type DomainTableFacts } from './domain-table';

export interface MxHostFacts {
  host: string;
  preference: number;
  /** The A and AAAA lookups of the host. */
  a: DnsResult;
  aaaa: DnsResult;
  thisServer: ThisServer;
  /** _25._tcp.<host> TLSA, asked only for a host that is this server. */
  tlsa?: DnsResult;
}

export interface DomainFacts {
  domain: string;
  /** Where the domain came from: a parameter of main.cf, or "--domain". */
  from: string;
  mx: DnsResult;
  /** The MX hosts in the order senders try them (no Null MX entry). */
  hosts: MxHostFacts[];
  mtaSts: DnsResult;
  tlsRpt: DnsResult;
  /** The policy at https://mta-sts.<domain>/, fetched only when `mtaSts` holds a record senders would use. */
  mtaStsPolicy?: MtaStsPolicyFacts;
  /** _submission._tcp and _submissions._tcp, in that order. */
  srv?: SrvFacts[];
}

export interface DnsFacts {
  domains: DomainFacts[];
  /** The chains the port-25 service loads from disk, one per key. */
  chains: ChainOnDisk[];
  /** The chains the smtpd on each port an SRV target that is this server names loads from disk. */
  serviceChains?: { port: number; chains: ChainOnDisk[] }[];
  /** Whether the resolver validates (absent in facts made before it was asked). */
  resolver?: ResolverFacts;
  /** The chains certbot renews, with their renewal files (dane-no-rollover). */
  renewals?: CertbotRenewalFacts[];
  /** The tables of the hosted-domain parameters and what reading them gave. */
  tables?: DomainTableFacts[];
}

export const tlsaOwner = (host: string): string => `_25._tcp.${host}`;
export const mtaStsOwner = (domain: string): string => `_mta-sts.${domain}`;
export const tlsRptOwner = (domain: string): string => `_smtp._tls.${domain}`;

/** The addresses of an MX host or an SRV target: its A, then its AAAA records. */
export function addressesOf(h: Pick<MxHostFacts, 'a' | 'aaaa'>): string[] {
  const out: string[] = [];
  for (const r of [h.a, h.aaaa]) if (r.ok) for (const x of r.answers) if (x.type === 'A' || x.type === 'AAAA') out.push(x.address);
  return out;
}

/** Every piece of evidence in the facts, domain by domain, host by host. */
export function dnsEvidence(facts: DnsFacts): DnsEvidence[] {
  const out: DnsEvidence[] = [];
  for (const d of facts.domains) {
    const domain = d.domain;
    const failed = (r: DnsResult, query: string, host?: string) => {
      if (r.ok) return false;
      out.push({ kind: 'lookup-failed', domain, query, failure: r, ...(host !== undefined ? { host } : {}) });
      return true;
    };
    failed(d.mx, `${domain} MX`);
    for (const h of d.hosts) {
      failed(h.a, `${h.host} A`, h.host);
      failed(h.aaaa, `${h.host} AAAA`, h.host);
      out.push({ kind: 'mx-host', domain, host: h.host, preference: h.preference, addresses: addressesOf(h), thisServer: h.thisServer, chains: facts.chains });
      if (h.tlsa && !failed(h.tlsa, `${tlsaOwner(h.host)} TLSA`, h.host) && h.tlsa.ok && h.tlsa.answers.length > 0) {
        out.push({ kind: 'tlsa', domain, host: h.host, owner: tlsaOwner(h.host), answer: h.tlsa, chains: facts.chains });
      }
    }
    if (!failed(d.mtaSts, `${mtaStsOwner(domain)} TXT`) && d.mtaSts.ok && d.mtaSts.answers.length > 0) out.push({ kind: 'mta-sts-txt', domain, owner: mtaStsOwner(domain), answer: d.mtaSts });
    if (d.mtaStsPolicy) {
      const p = d.mtaStsPolicy;
      if (!p.fetch.ok) out.push({ kind: 'mta-sts-fetch-failed', domain, failure: p.fetch });
      else if (p.policy) out.push({ kind: 'mta-sts-policy', domain, url: p.fetch.url, policy: p.policy, mxHosts: d.hosts.map((h) => h.host) });
    }
    for (const s of d.srv ?? []) {
      failed(s.srv, `${s.owner} SRV`);
      for (const t of s.targets) {
        failed(t.a, `${t.target} A`, t.target);
        failed(t.aaaa, `${t.target} AAAA`, t.target);
        const chains = facts.serviceChains?.find((c) => c.port === t.port)?.chains ?? [];
        out.push({ kind: 'srv-target', domain, service: s.service, owner: s.owner, target: t.target, port: t.port, addresses: addressesOf(t), thisServer: t.thisServer, chains });
      }
    }
    if (!failed(d.tlsRpt, `${tlsRptOwner(domain)} TXT`) && d.tlsRpt.ok && d.tlsRpt.answers.length > 0) out.push({ kind: 'tls-rpt-txt', domain, owner: tlsRptOwner(domain), answer: d.tlsRpt });
  }
  if (facts.tables) out.push(...tableEvidence(facts.tables));
  if (facts.renewals?.length) out.push(...renewalEvidence(out, facts.renewals));
  if (facts.resolver) out.push(...resolverEvidence(facts.resolver, out.flatMap((e) => (e.kind === 'tlsa' ? [e.owner] : []))));
  return out;
}

/** Failures that mean no resolver gave any answer, rather than a name that failed. */
const NO_ANSWER = new Set<DnsFailure['reason']>(['timeout', 'unreachable', 'no-resolver']);

/** True when lookups were made and not one of them got an answer from a resolver: the check could not run. */
export function noResolverAnswered(facts: DnsFacts): boolean {
  const all = facts.domains.flatMap((d) => [
    d.mx,
    d.mtaSts,
    d.tlsRpt,
    ...d.hosts.flatMap((h) => [h.a, h.aaaa, ...(h.tlsa ? [h.tlsa] : [])]),
    ...(d.srv ?? []).flatMap((s) => [s.srv, ...s.targets.flatMap((t) => [t.a, t.aaaa])]),
  ]);
  return all.length > 0 && all.every((r) => !r.ok && NO_ANSWER.has(r.reason));
}
