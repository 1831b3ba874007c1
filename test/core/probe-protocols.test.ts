// The verdict of `probe --protocols` (core/probe/protocols.ts and rules/protocols/) from inline
// facts: the port's role decides between warning and information as Postfix's TLS_README does;
// weak suites are warnings anywhere; forward secrecy is judged by what the server picks first; the
// exit status; and the text and HTML reports, with hostile names from a server kept as text.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'parse5';
import { judgeProtocols, portRole, protocolsExitStatus, type ProtocolEntry, type ProtocolsFacts, type TlsVersionName } from '../../server/src/core/probe/protocols';
import { formatProtocolsReport } from '../../server/src/core/probe/protocols-text';
import { protocolsReportHtml } from '../../server/src/core/probe/protocols-html';
import { allRules } from '../../server/src/core/rules/registry';
import { TLS_LEGACY_PROTOCOL, TLS_NO_FORWARD_SECRECY, TLS_WEAK_CIPHER } from '../../server/src/core/rules/tls-codes';

const STRONG12 = ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA-AES128-GCM-SHA256'];
const TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

function facts(port: number, accepted: Partial<Record<TlsVersionName, string[]>>, over: Partial<ProtocolsFacts> = {}): ProtocolsFacts {
  const protocols: ProtocolEntry[] = (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((version) => ({ version, accepted: version in accepted, ciphers: accepted[version] ?? [], learnt: true, complete: true }));
  return { host: 'mail.example.com', port, mode: 'starttls', address: '192.0.2.1', protocols, groups: ['X25519', 'P-256'], groupsComplete: true, serverOrder: false, error: null, connections: 12, totalMs: 345, ...over };
}

const problems = (f: ProtocolsFacts, submission = false) => judgeProtocols(f, submission).problems.map((p) => `${p.severity} ${p.code}`);

describe('the verdict', () => {
  test('TLS 1.2 and 1.3 with strong suites: nothing, exit 0, on any port', () => {
    for (const port of [25, 587, 465]) {
      const r = judgeProtocols(facts(port, { 'TLSv1.2': STRONG12, 'TLSv1.3': TLS13 }), false);
      assert.deepEqual(r.problems, []);
      assert.equal(r.outcome, 'ok');
      assert.equal(protocolsExitStatus(r), 0);
    }
  });

  test('the role: 587, 465 and --submission are submission ports; 25 and the rest MX ports', () => {
    assert.equal(portRole(587, false), 'submission');
    assert.equal(portRole(465, false), 'submission');
    assert.equal(portRole(25, false), 'mx');
    assert.equal(portRole(2525, false), 'mx');
    assert.equal(portRole(2525, true), 'submission');
  });

  test('TLS 1.0 and 1.1: a warning on a submission port (exit 1), information on port 25 (exit 0)', () => {
    const legacy = { TLSv1: ['ECDHE-RSA-AES256-SHA'], 'TLSv1.1': ['ECDHE-RSA-AES256-SHA'], 'TLSv1.2': STRONG12 };
    const mx = judgeProtocols(facts(25, legacy), false);
    assert.deepEqual(mx.problems.map((p) => `${p.severity} ${p.code}`), ['information tls-legacy-protocol']);
    assert.match(mx.problems[0]!.message, /accepts TLS 1\.0 and TLS 1\.1\. Postfix allows them on port 25 on purpose/);
    assert.equal(protocolsExitStatus(mx), 0);
    const sub = judgeProtocols(facts(587, legacy), false);
    assert.deepEqual(sub.problems.map((p) => `${p.severity} ${p.code}`), ['warning tls-legacy-protocol']);
    assert.match(sub.problems[0]!.message, /smtpd_tls_protocols = >=TLSv1\.2/);
    assert.equal(protocolsExitStatus(sub), 1);
    assert.deepEqual(problems(facts(2525, legacy), true), ['warning tls-legacy-protocol'], '--submission on another port');
  });

  test('NULL, RC4, 3DES and MD5 suites are warnings on any port; anonymous suites only on a submission port', () => {
    const weak = { 'TLSv1.2': [...STRONG12, 'ECDHE-RSA-NULL-SHA', 'RC4-MD5', 'DES-CBC3-SHA'] };
    for (const port of [25, 587]) {
      const r = judgeProtocols(facts(port, weak), false);
      const w = r.problems.find((p) => p.code === 'tls-weak-cipher')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /3 weak cipher suites: ECDHE-RSA-NULL-SHA \(no encryption \(NULL\)\), RC4-MD5 \(RC4, MD5 message authentication\), DES-CBC3-SHA \(3DES \(Sweet32\)\)/);
      assert.equal(protocolsExitStatus(r), 1);
    }
    const anon = { 'TLSv1.2': [...STRONG12, 'ADH-AES256-GCM-SHA384', 'AECDH-AES128-SHA'] };
    assert.deepEqual(problems(facts(25, anon)), ['information tls-weak-cipher']);
    assert.deepEqual(problems(facts(465, anon)), ['warning tls-weak-cipher']);
    assert.match(judgeProtocols(facts(465, anon), false).problems[0]!.message, /anonymous cipher suites .*ADH-AES256-GCM-SHA384, AECDH-AES128-SHA/);
  });

  test('no forward secrecy: information when forward-secret suites come first, a warning when the server picks RSA key transport first', () => {
    assert.deepEqual(problems(facts(25, { 'TLSv1.2': [...STRONG12, 'AES256-GCM-SHA384', 'AES128-SHA'], 'TLSv1.3': TLS13 })), ['information tls-no-forward-secrecy']);
    const first = judgeProtocols(facts(25, { 'TLSv1.2': ['AES256-GCM-SHA384', ...STRONG12] }, { serverOrder: true }), false);
    assert.deepEqual(first.problems.map((p) => `${p.severity} ${p.code}`), ['warning tls-no-forward-secrecy']);
    assert.match(first.problems[0]!.message, /picks AES256-GCM-SHA384, without forward secrecy, with TLS 1\.2/);
    // Only TLS 1.0 picks RSA key transport first: a current client, at TLS 1.2, gets ECDHE.
    assert.deepEqual(problems(facts(25, { TLSv1: ['AES128-SHA', 'ECDHE-RSA-AES128-SHA'], 'TLSv1.2': STRONG12 })), ['information tls-legacy-protocol', 'information tls-no-forward-secrecy']);
    assert.equal(protocolsExitStatus(first), 1);
    assert.deepEqual(problems(facts(25, { 'TLSv1.2': ['PSK-AES128-GCM-SHA256', ...STRONG12] })), [], 'PSK suites are nobody\'s choice: not judged');
  });

  test('not learnt and nothing weak: unfinished, exit 2; something weak found before the stop: exit 1', () => {
    const error = { phase: 'handshake' as const, code: 'timeout' as const, message: 'The probe ran out of its total time (2000 ms) while in the TLS handshake.' };
    const partial = facts(25, { 'TLSv1.2': STRONG12 }, { error, groupsComplete: false, serverOrder: null });
    partial.protocols[3]!.learnt = false;
    partial.protocols[2]!.complete = false;
    const r = judgeProtocols(partial, false);
    assert.deepEqual(r.unlearnt, ['TLS 1.2: suites after the 3 found.', 'TLS 1.3: whether the server accepts it.', 'Groups: not every group was tried (2 found).', 'Server order: whether the server imposes its order of suites.']);
    assert.equal(r.outcome, 'unfinished');
    assert.equal(protocolsExitStatus(r), 2);
    const weak = judgeProtocols(facts(587, { TLSv1: ['AES128-SHA'] }, { error }), false);
    assert.equal(protocolsExitStatus(weak), 1);
  });

  test('the live rules share code, severity and reason with tls-codes.ts (the static rules import the same)', () => {
    for (const shared of [TLS_LEGACY_PROTOCOL, TLS_WEAK_CIPHER, TLS_NO_FORWARD_SECRECY]) {
      const rule = allRules.find((r) => r.code === shared.code && r.evidence === 'protocols');
      assert.ok(rule, shared.code);
      assert.equal(rule.severity, shared.severity);
      assert.equal(rule.why, shared.why);
    }
  });
});

const EVIL = '<script>alert(1)</script>"\'`\u202e\u0000&amp;';

describe('the reports', () => {
  const hostile = judgeProtocols(
    facts(587, { TLSv1: [`AES128-SHA${EVIL}`], 'TLSv1.2': STRONG12 }, { host: `mail${EVIL}.example`, address: `192.0.2.1${EVIL}`, groups: [`X25519${EVIL}`], error: { phase: 'handshake', code: 'timeout', message: `stopped ${EVIL}` }, groupsComplete: false }),
    false,
  );

  test('text: a line per version, its suites below, groups, order, what was not learnt, the problems and the sentence', () => {
    const text = formatProtocolsReport(judgeProtocols(facts(25, { TLSv1: ['AES128-SHA'], 'TLSv1.2': STRONG12, 'TLSv1.3': TLS13 }, { serverOrder: true }), false));
    assert.match(text, /^TLS versions and suites of mail\.example\.com port 25 \(192\.0\.2\.1\): STARTTLS, judged as an MX port$/m);
    assert.match(text, /^TLS 1\.0 {2}accepted\n {11}AES128-SHA\nTLS 1\.1 {2}refused\nTLS 1\.2 {2}accepted\n {11}ECDHE-RSA-AES256-GCM-SHA384$/m);
    assert.match(text, /^Groups: {7}X25519, P-256$/m);
    assert.match(text, /^Server order: yes/m);
    assert.match(text, /^ {2}information tls-legacy-protocol: /m);
    assert.match(text, /^ {2}information tls-no-forward-secrecy: /m);
    assert.match(text, /The server accepts TLS 1\.0, TLS 1\.2, TLS 1\.3; nothing weak was found for an MX port\.\n$/);
  });

  test('HTML: hostile names stay text, the page keeps its policy and has no script', () => {
    const html = protocolsReportHtml(hostile, { nonce: 'abcdefghijklmnop0123456789' });
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('\u202e') && !html.includes('\u0000'), 'no raw bidi or NUL');
    assert.match(html, /content-security-policy" content="default-src 'none'; style-src 'nonce-abcdefghijklmnop0123456789'/i);
    assert.match(html, /AES128-SHA&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&#96;\\u\{202E\}\\x00&amp;amp;/);
    // Parsed as a browser would: the only elements are ours, and the only link goes to the rules page.
    const names = new Set<string>();
    const hrefs: string[] = [];
    const walk = (n: { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] }) => {
      names.add(n.nodeName);
      for (const a of n.attrs ?? []) if (a.name === 'href') hrefs.push(a.value);
      for (const c of (n.childNodes ?? []) as (typeof n)[]) walk(c);
    };
    walk(parse(html) as never);
    assert.ok(!names.has('script') && !names.has('img') && !names.has('svg'), [...names].join(' '));
    assert.ok(hrefs.length > 0 && hrefs.every((h) => /^https:\/\/github\.com\/postfix-lens\/postfix-lens\/blob\/main\/docs\/rules\.md#[a-z-]+$/.test(h)), hrefs.join(' '));
    assert.match(html, /<h3>TLS 1\.0: <span class="bad">accepted<\/span><\/h3>/);
    assert.match(html, /Not learnt/);
  });
});
