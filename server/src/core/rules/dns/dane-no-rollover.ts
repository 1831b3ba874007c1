// dane-no-rollover: the validated TLSA records of an MX host are all DANE-EE records of the keys on
// disk, with no record of a next key, and a chain they match is renewed by certbot without
// reuse_key: the next renewal makes a new key that no record names, and DANE senders defer mail
// from that moment until the records change. Records of whole certificates are dane-fragile-record's.

import { nameForMessage } from '../../config/quote';
import { judgeTlsa } from '../../dns/tlsa-judgement';
import type { DnsRule } from '../rule';

export const daneNoRolloverRule: DnsRule = {
  code: 'dane-no-rollover',
  severity: 'warning',
  why: 'certbot makes a new key at every renewal unless told to keep it: a TLSA record of the current key alone then stops matching, and DANE senders defer mail.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'certbot-renewal' || !e.answer.ad || e.reuseKey) return [];
    const records = e.answer.answers.flatMap((r) => (r.type === 'TLSA' ? [r] : []));
    const j = judgeTlsa(records, e.chains, e.owner);
    const usable = j.records.filter((r) => r.record.usable);
    // DANE-EE only, each naming a key or certificate on disk (a record of a next key matches none),
    // one of them a key record (whole certificates alone: dane-fragile-record), and this chain matched.
    if (usable.length === 0 || usable.some((r) => r.record.usage !== 3 || r.authenticates.length === 0)) return [];
    if (!usable.some((r) => r.record.selector === 1)) return [];
    if (!usable.some((r) => r.authenticates.some((m) => m.chain === e.chain))) return [];
    const source = nameForMessage(e.chains[e.chain]!.source);
    const conf = nameForMessage(e.confPath);
    const name = nameForMessage(e.name);
    return [
      {
        code: 'dane-no-rollover',
        severity: 'warning',
        message: `The TLSA records at ${nameForMessage(e.owner)} name only the current key of ${source}, which certbot renews without keeping the key (${conf} has no "reuse_key = True"): the next renewal makes a new key that no record matches, and DANE senders defer mail until the records change. Set reuse_key = True in the [renewalparams] of ${conf} (certbot reconfigure --cert-name ${name} --reuse-key), or publish a record of the next key beside the current one before each renewal.`,
        domain: e.domain,
        host: e.host,
      },
    ];
  },
};
