// What `dns` and `check --dns` share: the domains to check (the configuration's users' domains, then
// --domain), the facts that tell this server's MX hosts apart, the chains of the port-25 service, the
// lookups (Ctrl-C cancels them), and the DNS rules over the evidence.

import type { ConfigAnalysis } from '../core/analysis';
import type { Installation } from '../core/config/defaults';
import { dnsEvidence, noResolverAnswered, type DnsFacts } from '../core/dns/dns-facts';
import { hostedDomains } from '../core/dns/hosted-domains';
import { parseResolverAddress } from '../core/dns/resolver-address';
import type { ResolverAddress } from '../core/dns/types';
import type { DnsFinding } from '../core/rules/dns/evidence';
import { judgeDnsEvidence } from '../core/rules/dns/judge';
import { effective } from '../core/tls/config-targets';
import { gatherDns } from '../io/dns/gather';
import { port25Chains } from '../io/dns/port25-chains';
import { UsageError, type Parsed } from './args';

export interface DnsRunOptions {
  resolver?: ResolverAddress;
  /** --domain, as typed. */
  domains: readonly string[];
  /** --hostname: names of this server besides $myhostname. */
  hostnames: readonly string[];
  deadlineMs: number;
}

/** --resolver and --timeout as the options of a run; a usage error for a value that is none. */
export function dnsRunOptions(a: Parsed): DnsRunOptions {
  const resolverText = a.values.get('resolver')?.at(-1);
  let resolver: ResolverAddress | undefined;
  if (resolverText !== undefined) {
    const r = parseResolverAddress(resolverText);
    if ('error' in r) throw new UsageError(`--resolver "${resolverText}": ${r.error}`);
    resolver = r.value;
  }
  const timeoutText = a.values.get('timeout')?.at(-1);
  const deadlineMs = timeoutText === undefined ? 15_000 : Number(timeoutText);
  if (!(Number.isInteger(deadlineMs) && deadlineMs > 0 && deadlineMs <= 600_000)) throw new UsageError(`--timeout expects milliseconds (1 to 600000), got "${timeoutText}"`);
  return { ...(resolver ? { resolver } : {}), domains: a.values.get('domain') ?? [], hostnames: a.values.get('hostname') ?? [], deadlineMs };
}

/** The domains of users the configuration lists (not the host's own names), then --domain; each once. */
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
}

export async function runDnsCheck(a: ConfigAnalysis, installation: Installation, domains: readonly { domain: string; from: string }[], o: DnsRunOptions): Promise<DnsRun> {
  const chains = await port25Chains(a, o.hostnames);
  // Ctrl-C ends the lookups (each then fails as cancelled) rather than killing the process mid-line.
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let facts: DnsFacts;
  try {
    facts = await gatherDns({
      domains,
      ...(o.resolver ? { resolver: o.resolver } : {}),
      signal: controller.signal,
      deadlineMs: o.deadlineMs,
      chains,
      thisServer: {
        myhostname: effective(a, 'myhostname', null),
        hostnames: o.hostnames,
        localAddresses: (installation.interfaces ?? []).map((i) => i.address),
        inetInterfaces: effective(a, 'inet_interfaces', null).split(/[\s,]+/).filter(Boolean),
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  return { facts, noAnswer: noResolverAnswered(facts), findings: dnsEvidence(facts).flatMap(judgeDnsEvidence) };
}

/** The line for a run in which no resolver answered. */
export function noAnswerMessage(command: string, facts: DnsFacts): string {
  const first = facts.domains[0]?.mx;
  return `postfix-lens ${command}: no resolver answered${first && !first.ok ? ` (${first.detail})` : ''}\n`;
}
