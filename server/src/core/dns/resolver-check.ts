// Does the resolver validate DNSSEC? The root zone is always signed, so a validating resolver sets
// the AD bit on its SOA (asked with DO, as every lookup is); one that does not validate never does.
// What io/dns/resolver-check.ts finds, as plain data, and its evidence for dns-not-validating. Pure.

import type { DnsEvidence } from '../rules/dns/evidence';
import type { DnsResult } from './types';

/** The name asked: the root. */
export const ROOT = '.';

export interface ResolverFacts {
  /** ". SOA" as the resolver answered it. */
  root: DnsResult;
  /** The resolvers are /etc/resolv.conf's (no --resolver): those Postfix asks on this host. */
  system: boolean;
  /** resolv.conf's `options trust-ad` (false when a resolver was named). */
  trustAd: boolean;
  /** The SMTP clients of the configuration that ask for DANE (their names, as messages give them). */
  daneClients: string[];
}

/** The evidence of the resolver check; `tlsaOwners`: the TLSA RRsets found for MX hosts that are this server. */
export function resolverEvidence(r: ResolverFacts, tlsaOwners: string[]): DnsEvidence[] {
  if (!r.root.ok) return [{ kind: 'lookup-failed', domain: ROOT, query: '. SOA', failure: r.root }];
  return [{ kind: 'resolver', domain: ROOT, server: r.root.server, validates: r.root.ad, system: r.system, trustAd: r.trustAd, daneClients: r.daneClients, tlsaOwners }];
}
