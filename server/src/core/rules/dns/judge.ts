// Evidence in, findings out: every DNS rule over one piece of evidence, in the order of dnsRules.

import type { DnsEvidence, DnsFinding } from './evidence';
import { dnsRules } from './index';

export function judgeDnsEvidence(e: DnsEvidence): DnsFinding[] {
  return dnsRules.flatMap((rule) => rule.check(e));
}
