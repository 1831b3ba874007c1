// The DNS check as every front end runs it (`postfix-lens dns`, `check --dns`, the editor's
// command): the domains to check (the configuration's users' domains, then the ones asked for), the
// facts that tell this server's MX hosts apart, the chains of the port-25 service, the lookups under
// one deadline and the caller's signal, and the DNS rules over the evidence. The caller decides what
// cancels it (Ctrl-C, the editor's cancel button) and how the result is shown.

import type { ConfigAnalysis } from '../../core/analysis';
import type { Installation } from '../../core/config/defaults';
import { dnsEvidence, noResolverAnswered, type DnsFacts } from '../../core/dns/dns-facts';
import { hostedDomains } from '../../core/dns/hosted-domains';
import type { DnsCache } from '../../core/dns/ttl-cache';
import type { ResolverAddress } from '../../core/dns/types';
import type { DnsFinding } from '../../core/rules/dns/evidence';
import { judgeDnsEvidence } from '../../core/rules/dns/judge';
import { effective } from '../../core/tls/config-targets';
import { daneClients } from '../../core/rules/smtp-client-scopes';
import { domainsFromTables } from '../../core/dns/domain-table';
import { gatherDns, type LookupCounts } from './gather';
import { port25Chains } from './port25-chains';
import { serviceChains } from './service-chains';
import { readCertbotRenewals } from './certbot-renewals';
import { readDomainTables } from './domain-tables';

export interface DnsRunOptions {
  resolver?: ResolverAddress;
  /** Domains asked for besides the configuration's (--domain), as typed. */
  domains: readonly string[];
  /** Names of this server besides $myhostname (--hostname, postfixLens.hostnames). */
  hostnames: readonly string[];
  deadlineMs: number;
  signal?: AbortSignal;
  /** Answers kept for their TTL between runs (the editor's; the command line keeps none). */
  cache?: DnsCache;
  /** PEM text of CA certificates trusted for the MTA-STS policy hosts besides Node's roots (--ca-file). */
  extraCaPem?: string;
}

/** The domains of users the configuration lists (not the host's own names), then `extra`; each once. */
export function domainsToCheck(a: ConfigAnalysis, extra: readonly string[]): { domain: string; from: string }[] {
  const out: { domain: string; from: string }[] = [];
  const add = (domain: string, from: string) => {
    const d = domain.trim().replace(/\.$/, '').toLowerCase();
    if (d && !out.some((x) => x.domain === d)) out.push({ domain: d, from });
  };
  for (const d of hostedDomains(a.model).domains) if (d.source === 'listed') add(d.domain, d.param);
  for (const d of extra) add(d, '--domain');
  return out;
}

export interface DnsRun {
  facts: DnsFacts;
  /** Not one lookup got an answer from a resolver: the check could not run. */
  noAnswer: boolean;
  findings: DnsFinding[];
  /** Questions sent to a resolver, and those `cache` answered. */
  lookups: LookupCounts;
}

export async function runDnsCheck(a: ConfigAnalysis, installation: Installation, domains: readonly { domain: string; from: string }[], o: DnsRunOptions): Promise<DnsRun> {
  const chains = await port25Chains(a, o.hostnames);
  const lookups: LookupCounts = { sent: 0, cached: 0 };
  // The domains of the tables the configuration names, after those listed and asked for.
  const tables = await readDomainTables(hostedDomains(a.model).tables);
  const gathered = await gatherDns({
    ...(o.cache ? { cache: o.cache } : {}),
    counts: lookups,
    domains: [...domains, ...domainsFromTables(tables, domains.map((d) => d.domain))],
    ...(o.resolver ? { resolver: o.resolver } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    deadlineMs: o.deadlineMs,
    chains,
    ...(o.extraCaPem ? { extraCaPem: o.extraCaPem } : {}),
    chainsForPort: (port) => serviceChains(a, o.hostnames, port),
    renewals: await readCertbotRenewals(chains),
    daneClients: daneClients(a),
    thisServer: {
      myhostname: effective(a, 'myhostname', null),
      hostnames: o.hostnames,
      localAddresses: (installation.interfaces ?? []).map((i) => i.address),
      inetInterfaces: effective(a, 'inet_interfaces', null).split(/[\s,]+/).filter(Boolean),
    },
  });
  const facts: DnsFacts = { ...gathered, tables };
  return { facts, noAnswer: noResolverAnswered(facts), findings: dnsEvidence(facts).flatMap(judgeDnsEvidence), lookups };
}
