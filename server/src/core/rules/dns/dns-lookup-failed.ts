// dns-lookup-failed: a lookup gave no answer (SERVFAIL, a timeout, a refusal...): what was asked and why.

import { escapeHidden } from '../../escape';
import type { DnsRule } from '../rule';

const REASONS: Record<string, string> = {
  timeout: 'no answer in time',
  aborted: 'cancelled',
  servfail: 'SERVFAIL (with DNSSEC: often a signature that does not validate)',
  refused: 'the resolver refused to answer',
  rcode: 'an error response',
  truncated: 'the answer was truncated and TCP did not deliver it',
  malformed: 'an answer that could not be read',
  'too-large': 'more data than a lookup accepts',
  'cname-loop': 'a CNAME loop',
  'cname-chain-too-long': 'too many CNAMEs',
  unreachable: 'the resolver cannot be reached',
  'bad-name': 'not a name that can be looked up',
  'no-resolver': 'no resolver to ask',
};

export const dnsLookupFailedRule: DnsRule = {
  code: 'dns-lookup-failed',
  severity: 'warning',
  why: 'What could not be looked up could not be checked; senders meeting the same failure defer mail or skip DANE and MTA-STS.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'lookup-failed') return [];
    const f = e.failure;
    const reason = REASONS[f.reason] ?? f.reason;
    const code = f.rcode && f.reason === 'rcode' ? ` ${f.rcode}` : '';
    return [
      {
        code: 'dns-lookup-failed',
        severity: 'warning',
        message: `The lookup of ${escapeHidden(e.query.slice(0, 300))} failed: ${reason}${code}${f.server ? ` (resolver ${escapeHidden(f.server)})` : ''}. What depends on it is not checked.`,
        domain: e.domain,
        ...(e.host !== undefined ? { host: e.host } : {}),
      },
    ];
  },
};
