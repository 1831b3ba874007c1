// dns-not-validating over the resolver check's evidence: the AD bit of the root's SOA, and, for the
// system's resolvers, resolv.conf's trust-ad, without which glibc hides the AD bit from Postfix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsNotValidatingRule } from '../../../server/src/core/rules/dns/dns-not-validating';
import { dnsEvidence } from '../../../server/src/core/dns/dns-facts';
import type { DnsEvidence } from '../../../server/src/core/rules/dns/evidence';

const resolver = (o: Partial<Extract<DnsEvidence, { kind: 'resolver' }>>): DnsEvidence => ({ kind: 'resolver', domain: '.', server: '192.0.2.53:53', validates: true, system: true, trustAd: true, daneClients: [], tlsaOwners: [], ...o });

test('a validating system resolver without trust-ad: an error only when a client asks for DANE, naming resolv.conf and its chroot copy', () => {
  assert.deepEqual(dnsNotValidatingRule.check(resolver({ trustAd: false })), [], 'without DANE asked for, what Postfix sees of AD does not matter');
  const [f] = dnsNotValidatingRule.check(resolver({ trustAd: false, daneClients: ['relay/unix', 'the SMTP client'] }));
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /^The resolver 192\.0\.2\.53:53 validates DNSSEC, but \/etc\/resolv\.conf has no "options trust-ad": glibc clears the AD bit.*asked for by relay\/unix and the SMTP client.*\/var\/spool\/postfix\/etc\/resolv\.conf/);
  assert.deepEqual(dnsNotValidatingRule.check(resolver({ trustAd: true, daneClients: ['relay/unix'] })), []);
  assert.deepEqual(dnsNotValidatingRule.check(resolver({ system: false, trustAd: false, daneClients: ['relay/unix'] })), [], 'a resolver named with --resolver is not what glibc asks');
});

test('a system resolver that does not validate: run a validating one, or name one with trust-ad', () => {
  const [f] = dnsNotValidatingRule.check(resolver({ validates: false, system: true, trustAd: false }));
  assert.equal(f!.severity, 'warning');
  assert.match(f!.message, /Run a validating resolver on this host \(unbound\), or name one in \/etc\/resolv\.conf with "options trust-ad"\.$/);
});

test('the root lookup failing is a dns-lookup-failed of ". SOA", not a verdict on validation', () => {
  const e = dnsEvidence({ domains: [], chains: [], resolver: { root: { ok: false, reason: 'servfail', detail: '. SOA: SERVFAIL', server: '127.0.0.1:53' }, system: false, trustAd: false, daneClients: [] } });
  assert.deepEqual(e.map((x) => [x.kind, x.domain, x.kind === 'lookup-failed' ? x.query : '']), [['lookup-failed', '.', '. SOA']]);
});
