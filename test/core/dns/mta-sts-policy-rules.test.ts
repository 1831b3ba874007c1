// The MTA-STS policy as the DNS check records it (core/dns/mta-sts-policy-facts.ts) and the rules
// that judge it: which code, how severe by mode, and the words a mail admin reads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mtaStsPolicyFacts, mxPatternMatches } from '../../../server/src/core/dns/mta-sts-policy-facts';
import type { PolicyFetched } from '../../../server/src/core/dns/policy-fetch';
import type { DnsEvidence } from '../../../server/src/core/rules/dns/evidence';
import { judgeDnsEvidence } from '../../../server/src/core/rules/dns/judge';

const URL = 'https://mta-sts.example.org/.well-known/mta-sts.txt';
const fetched = (body: string): PolicyFetched => ({
  ok: true,
  url: URL,
  body,
  contentType: 'text/plain',
  address: '192.0.2.9',
  certificate: { subject: 'CN=mta-sts.example.org', issuer: 'CN=CA', dnsNames: ['mta-sts.example.org'], notAfter: '2027-01-01T00:00:00.000Z', fingerprintSha256: 'AB' },
});

function judge(body: string, mxHosts: string[]): { code: string; severity: string; message: string; host?: string }[] {
  const facts = mtaStsPolicyFacts(fetched(body));
  assert.ok(facts.policy);
  const e: DnsEvidence = { kind: 'mta-sts-policy', domain: 'example.org', url: URL, policy: facts.policy, mxHosts };
  return judgeDnsEvidence(e);
}

test('the facts keep the parsed policy as JSON-safe data, and a failed fetch without a policy', () => {
  const f = mtaStsPolicyFacts(fetched('version: STSv1\nmode: enforce\nmx: *.example.org\nmax_age: 604800\nx-ext: 1\n'));
  assert.deepEqual(JSON.parse(JSON.stringify(f.policy)), { version: 'STSv1', mode: 'enforce', maxAge: 604800, mx: ['*.example.org'], valid: true, problems: [] });
  const failed = mtaStsPolicyFacts({ ok: false, reason: 'status', status: 404, url: URL, detail: `${URL} answered 404 Not Found` });
  assert.equal(failed.policy, undefined);
  assert.deepEqual(mxPatternMatches(['mx1.example.org', 'a.b.example.org'], ['*.example.org']), [
    { host: 'mx1.example.org', pattern: '*.example.org' },
    { host: 'a.b.example.org', pattern: null },
  ]);
});

test('mta-sts-mx-mismatch: an error in enforce mode, a warning in testing mode, one finding per MX host no pattern matches', () => {
  const enforce = judge('version: STSv1\nmode: enforce\nmx: mx1.example.org\nmax_age: 86400\n', ['mx1.example.org', 'backup.example.net']);
  assert.deepEqual(enforce.map((f) => [f.code, f.severity, f.host]), [['mta-sts-mx-mismatch', 'error', 'backup.example.net']]);
  assert.match(enforce[0]!.message, /^MX host backup\.example\.net of example\.org matches no "mx" pattern of its MTA-STS policy \(mx1\.example\.org\): senders applying the policy \(mode enforce\) refuse to deliver to it\./);
  const testing = judge('version: STSv1\nmode: testing\nmx: mx1.example.org\nmax_age: 86400\n', ['mx1.example.org', 'backup.example.net']);
  assert.deepEqual(testing.map((f) => [f.code, f.severity]).sort(), [
    ['mta-sts-mx-mismatch', 'warning'],
    ['mta-sts-testing', 'information'],
  ]);
  assert.deepEqual(judge('version: STSv1\nmode: none\nmax_age: 86400\n', ['backup.example.net']), [], 'mode none: the mx patterns are not applied');
  assert.deepEqual(judge('version: STSv1\nmode: enforce\nmx: *.example.org\nmax_age: 86400\n', ['mx1.example.org']), []);
});

test('mta-sts-policy-invalid: each problem, an error when the file says enforce; no mismatch or testing note for a policy senders discard', () => {
  const big = judge('version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 99999999\n', ['other.example.org']);
  assert.deepEqual(big.map((f) => [f.code, f.severity]), [['mta-sts-policy-invalid', 'error']]);
  assert.match(big[0]!.message, /max_age 99999999, above the 31557600 seconds .* senders that read it strictly discard the policy .* It says enforce, but senders that discard it enforce nothing\./);
  const noMode = judge('version: STSv1\nmx: mx.example.org\nmax_age: 86400\n', []);
  assert.deepEqual(noMode.map((f) => [f.code, f.severity]), [['mta-sts-policy-invalid', 'warning']]);
  assert.match(noMode[0]!.message, /has no "mode:" line/);
  const noMx = judge('version: STSv1\nmode: testing\nmax_age: 86400\n', ['mx.example.org']);
  assert.deepEqual(noMx.map((f) => [f.code, f.severity]), [['mta-sts-policy-invalid', 'warning']]);
  assert.match(noMx[0]!.message, /is in mode testing but names no MX host/);
});

test('mta-sts-policy-unavailable: the fetcher\'s words, escaped, as a warning', () => {
  const f = judgeDnsEvidence({ kind: 'mta-sts-fetch-failed', domain: 'example.org', failure: { ok: false, reason: 'redirect', status: 301, url: URL, detail: `${URL} answered 301 Moved Permanently to "https://x/\u202e": senders do not follow redirects` } });
  assert.deepEqual(f.map((x) => [x.code, x.severity]), [['mta-sts-policy-unavailable', 'warning']]);
  assert.doesNotMatch(f[0]!.message, /\u202e/);
  assert.match(f[0]!.message, /senders cannot fetch its policy: https:\/\/mta-sts\.example\.org\/\.well-known\/mta-sts\.txt answered 301 Moved Permanently to/);
});
