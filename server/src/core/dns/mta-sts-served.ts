// An MX host judged as an MTA-STS sender (RFC 8461) in enforce mode judges it: the domain's policy
// must list the host (section 4.1) and the certificate it serves on port 25 must be valid for the
// host's name under the public roots (section 4.2), as the probe's strict verdict says. Pure.
//
// A policy in mode testing is judged the same way, but senders deliver anyway and only report: its
// failures do not make the host unacceptable. No record, a policy that cannot be fetched or read, or
// mode none: senders without an earlier policy cached deliver as if there were no MTA-STS.

import { nameForMessage } from '../config/quote';
import type { ProbeReport } from '../probe/types';
import { parseMtaStsRecords } from './mta-sts';
import { mxMatchesPattern, parseMtaStsPolicy } from './mta-sts-policy';
import type { PolicyFetchResult } from './policy-fetch';
import type { DnsResult } from './types';

export type MtaStsPolicyState =
  | { kind: 'policy'; mode: 'enforce' | 'testing' | 'none'; mx: string[]; url: string }
  /** No MTA-STS for senders: no record, or a record or policy they cannot use (message says which). */
  | { kind: 'none'; message: string; problem: boolean }
  /** The _mta-sts lookup got no answer: not found out. */
  | { kind: 'unknown'; message: string };

/** Reads the domain's record and fetched policy once for all its MX hosts. */
export function mtaStsPolicyState(domain: string, txt: DnsResult, policy: PolicyFetchResult | undefined): MtaStsPolicyState {
  const d = nameForMessage(domain);
  if (!txt.ok) return { kind: 'unknown', message: `the MTA-STS record of ${d} could not be looked up (${txt.detail})` };
  const records = txt.answers.flatMap((r) => (r.type === 'TXT' ? [r.strings] : []));
  if (records.length === 0) return { kind: 'none', message: `${d} publishes no MTA-STS record`, problem: false };
  const parsed = parseMtaStsRecords(records, `_mta-sts.${domain}`);
  if (!parsed.record) return { kind: 'none', message: parsed.problems[0]?.message ?? `${d} has no usable MTA-STS record`, problem: true };
  if (!policy) return { kind: 'none', message: `the MTA-STS policy of ${d} was not fetched`, problem: true };
  if (!policy.ok) return { kind: 'none', message: `senders cannot fetch the MTA-STS policy of ${d}: ${policy.detail}`, problem: true };
  const read = parseMtaStsPolicy(policy.body, policy.url);
  if (!read.valid || !read.policy.mode) return { kind: 'none', message: read.problems[0]?.message ?? `the MTA-STS policy of ${d} cannot be read`, problem: true };
  return { kind: 'policy', mode: read.policy.mode, mx: read.policy.mx, url: policy.url };
}

/** pass: an MTA-STS sender delivers; fail: in enforce mode it would not; not-applicable: no policy applies; unknown: not found out. */
export type MtaStsStatus = 'pass' | 'fail' | 'not-applicable' | 'unknown';

export interface MtaStsVerdict {
  status: MtaStsStatus;
  /** The policy's mode, null without one. A failure counts only in mode enforce. */
  mode: 'enforce' | 'testing' | 'none' | null;
  /** A pattern of the policy matches the host; null without a policy. */
  listed: boolean | null;
  /** The certificate served is trusted, names the host and is within its dates; null when not found out. */
  certificateValid: boolean | null;
  message: string;
}

export function judgeMtaSts(state: MtaStsPolicyState, host: string, probe: ProbeReport | null): MtaStsVerdict {
  const h = nameForMessage(host);
  if (state.kind === 'unknown') return { status: 'unknown', mode: null, listed: null, certificateValid: null, message: `Whether an MTA-STS sender would deliver to ${h} is not known: ${state.message}.` };
  if (state.kind === 'none') return { status: 'not-applicable', mode: null, listed: null, certificateValid: null, message: `MTA-STS does not apply to ${h}: ${trimDot(state.message)}.` };
  if (state.mode === 'none') return { status: 'not-applicable', mode: 'none', listed: null, certificateValid: null, message: `MTA-STS does not apply to ${h}: the policy is in mode none.` };
  const listed = state.mx.some((p) => mxMatchesPattern(host, p));
  const unfinished = probe === null || probe.outcome === 'unfinished';
  const certificateValid = unfinished ? null : probe.outcome === 'accept';
  const testing = state.mode === 'testing' ? ' (the policy is in mode testing: senders deliver anyway and report the failure)' : '';
  const base = { mode: state.mode, listed, certificateValid };
  if (!listed) {
    const patterns = state.mx.map((p) => nameForMessage(p)).join(', ');
    return { ...base, status: 'fail', message: `An MTA-STS sender in enforce mode would not deliver to ${h}${testing}: no mx pattern of the policy (${patterns}) matches it.` };
  }
  if (certificateValid === null) return { ...base, status: 'unknown', message: `Whether an MTA-STS sender would deliver to ${h} is not known: the probe did not finish.` };
  if (!certificateValid) {
    const why = probe!.verdict.problems.find((p) => p.severity === 'error')?.message ?? probe!.sentence;
    return { ...base, status: 'fail', message: `An MTA-STS sender in enforce mode would not deliver to ${h}${testing}: ${lowerFirst(trimDot(why))}.` };
  }
  return { ...base, status: 'pass', message: `An MTA-STS sender would deliver to ${h}: the policy lists it and its certificate is trusted and names it.` };
}

function trimDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
