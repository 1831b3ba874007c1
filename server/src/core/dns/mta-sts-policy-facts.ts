// A domain's MTA-STS policy as the DNS check records it: how the fetch went (core/dns/policy-fetch.ts)
// and, when the body came, the body read as a policy (mta-sts-policy.ts), kept JSON-safe (the
// extension keys, a Map, are left out: no rule reads them). Pure.

import { mxMatchesPattern, parseMtaStsPolicy, type MtaStsPolicy, type MtaStsPolicyProblem } from './mta-sts-policy';
import type { PolicyFetchResult } from './policy-fetch';

export interface ParsedMtaStsPolicy {
  version?: string;
  mode?: MtaStsPolicy['mode'];
  /** Seconds. */
  maxAge?: number;
  /** Lower case, in order. */
  mx: string[];
  /** Senders would use the policy: the parser found no problem. */
  valid: boolean;
  problems: MtaStsPolicyProblem[];
}

export interface MtaStsPolicyFacts {
  fetch: PolicyFetchResult;
  /** Absent when the fetch failed. */
  policy?: ParsedMtaStsPolicy;
}

export function mtaStsPolicyFacts(fetch: PolicyFetchResult): MtaStsPolicyFacts {
  if (!fetch.ok) return { fetch };
  const { policy, valid, problems } = parseMtaStsPolicy(fetch.body, fetch.url);
  const parsed: ParsedMtaStsPolicy = { mx: policy.mx, valid, problems };
  if (policy.version !== undefined) parsed.version = policy.version;
  if (policy.mode !== undefined) parsed.mode = policy.mode;
  if (policy.maxAge !== undefined) parsed.maxAge = policy.maxAge;
  return { fetch, policy: parsed };
}

/** Each MX host with the first pattern of the policy that matches it (null: none does). */
export function mxPatternMatches(hosts: readonly string[], patterns: readonly string[]): { host: string; pattern: string | null }[] {
  return hosts.map((host) => ({ host, pattern: patterns.find((p) => mxMatchesPattern(host, p)) ?? null }));
}
