// core/dns: the MTA-STS TXT record (RFC 8461 section 3.1), the policy file (section 3.2), MX
// patterns (section 4.1) and the TLS-RPT record (RFC 8460 section 3), as senders read them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMtaStsRecords } from '../../../server/src/core/dns/mta-sts';
import { MAX_AGE_LIMIT, mxMatchesPattern, mxNotInPolicy, parseMtaStsPolicy } from '../../../server/src/core/dns/mta-sts-policy';
import { parseTlsRptRecords } from '../../../server/src/core/dns/tls-rpt';

const STS = '_mta-sts.example.org';
const URL = 'https://mta-sts.example.org/.well-known/mta-sts.txt';
const RPT = '_smtp._tls.example.org';

test('MTA-STS record: one v=STSv1 record among other TXT records, its strings joined', () => {
  const r = parseMtaStsRecords([['v=spf1 -all'], ['v=STSv1; id=', '20240101T000000'], ['google-site-verification=x']], STS);
  assert.deepEqual(r.problems, []);
  assert.equal(r.record?.id, '20240101T000000');
  assert.equal(r.record?.text, 'v=STSv1; id=20240101T000000');
  const ext = parseMtaStsRecords([['v=STSv1 ;\tid=abc ; ext.x-1=val;']], STS);
  assert.deepEqual([...ext.record!.extensions], [['ext.x-1', 'val']]);
});

test('MTA-STS record: none, two, or a broken one: senders see no policy, and the message says why', () => {
  const none = parseMtaStsRecords([['v=spf1 -all'], ['v=STSv10; id=1']], STS);
  assert.equal(none.record, undefined);
  assert.deepEqual(none.problems.map((p) => p.message), [`No TXT record at "${STS}" starts with "v=STSv1": senders see no MTA-STS policy for the domain.`]);
  const two = parseMtaStsRecords([['v=STSv1; id=1'], ['v=STSv1; id=2']], STS);
  assert.equal(two.record, undefined);
  assert.equal(two.problems[0]!.problem, 'multiple-records');
  assert.match(two.problems[0]!.message, /^2 TXT records at "_mta-sts\.example\.org" start with "v=STSv1" \("v=STSv1; id=1", "v=STSv1; id=2"\): senders ignore them all/);
  const cases: [string, string, RegExp][] = [
    ['v=STSv1', 'missing-id', /has no id= field; senders ignore it \(RFC 8461 section 3\.1\)\.$/],
    ['v=STSv1; id=', 'bad-id', /has id "", which is not 1 to 32 letters and digits/],
    [`v=STSv1; id=${'a'.repeat(33)}`, 'bad-id', /which is not 1 to 32 letters and digits/],
    ['v=STSv1; id=2024-01-01', 'bad-id', /has id "2024-01-01"/],
    ['v=STSv1; id=1; id=2', 'duplicate-id', /has more than one id \("1" and "2"\)/],
    ['v=STSv1;; id=1', 'bad-field', /has an empty field/],
    ['v=STSv1; id=1; x=a b', 'bad-field', /has a field "x=a b"/],
    ['v=STSv1; id=1; _x=1', 'bad-field', /has a field "_x=1"/],
    ['v=STSv1 junk; id=1', 'bad-version', /starts with "v=STSv1 junk"/],
  ];
  for (const [text, problem, message] of cases) {
    const r = parseMtaStsRecords([[text]], STS);
    assert.equal(r.record, undefined, text);
    assert.equal(r.problems[0]?.problem, problem, text);
    assert.match(r.problems[0]!.message, message);
  }
});

test('MTA-STS record: hostile TXT strings (64 KB, Latin-1 bytes, escapes) stay bounded and visible', () => {
  const huge = parseMtaStsRecords([['v=STSv1; id=1; x=', 'y'.repeat(255), ...Array.from({ length: 250 }, () => 'z'.repeat(255))]], STS);
  assert.ok(huge.record, 'a long extension value is still a valid record');
  const hostile = parseMtaStsRecords([['v=STSv1; id=\u001b[2J\u00e9\u202e']], STS);
  assert.equal(hostile.problems[0]!.problem, 'bad-id');
  assert.ok(!/[\u001b\u202e]/.test(hostile.problems[0]!.message), hostile.problems[0]!.message);
  const many = parseMtaStsRecords(Array.from({ length: 1000 }, (_, i) => [`v=STSv1; id=${i}${'x'.repeat(200)}`]), STS);
  assert.ok(many.problems[0]!.message.length < 400, `${many.problems[0]!.message.length} characters`);
  assert.match(many.problems[0]!.message, /^1000 TXT records/);
});

const GOOD = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.org\r\nmx: *.example.net\r\nmax_age: 604800\r\n';

test('policy: a good one with CRLF or LF lines, unknown keys kept apart', () => {
  for (const body of [GOOD, GOOD.replace(/\r\n/g, '\n'), GOOD.replace(/\r\n$/, ''), `  ${GOOD.replace(/: /g, ':\t ')}`]) {
    const r = parseMtaStsPolicy(body, URL);
    assert.deepEqual(r.problems, [], JSON.stringify(body));
    assert.equal(r.valid, true);
    assert.deepEqual({ ...r.policy, extensions: [...r.policy.extensions] }, { version: 'STSv1', mode: 'enforce', mx: ['mail.example.org', '*.example.net'], maxAge: 604800, extensions: [] });
  }
  const ext = parseMtaStsPolicy(`${GOOD}constructor: x\ncomment: héllo wörld\n`, URL);
  assert.equal(ext.valid, true);
  assert.deepEqual([...ext.policy.extensions], [['constructor', 'x'], ['comment', 'héllo wörld']]);
  assert.equal(({} as Record<string, unknown>).x, undefined);
  const none = parseMtaStsPolicy('version: STSv1\nmode: none\nmax_age: 0\n', URL);
  assert.equal(none.valid, true, 'mode none needs no mx');
  assert.equal(none.policy.maxAge, 0);
});

test('policy: every problem as a sender would see it, with its line', () => {
  const lineOf = (body: string) => parseMtaStsPolicy(body, URL).problems;
  const one = (body: string) => {
    const p = lineOf(body);
    assert.equal(p.length, 1, JSON.stringify(p));
    return p[0]!;
  };
  const tooLarge = one(GOOD.replace('604800', String(MAX_AGE_LIMIT + 1)));
  assert.deepEqual(tooLarge, {
    problem: 'max-age-too-large',
    line: 5,
    message: `The MTA-STS policy at "${URL}" (line 5) has max_age ${MAX_AGE_LIMIT + 1}, above the ${MAX_AGE_LIMIT} seconds (a year) RFC 8461 allows.`,
  });
  assert.equal(lineOf(GOOD.replace('604800', String(MAX_AGE_LIMIT))).length, 0, 'the limit itself is allowed');
  assert.equal(one(GOOD.replace('604800', '12345678901')).problem, 'bad-max-age');
  assert.equal(one(GOOD.replace('604800', '-1')).problem, 'bad-max-age');
  assert.equal(one(GOOD.replace('mode: enforce', 'mode: Enforce')).message, `The MTA-STS policy at "${URL}" (line 2) has mode "Enforce": it must be enforce, testing or none (lower case).`);
  assert.equal(one(GOOD.replace('STSv1', 'STSv2')).problem, 'bad-version');
  assert.deepEqual(one(GOOD.replace('mode: enforce\r\n', '')).message, `The MTA-STS policy at "${URL}" has no "mode:" line (enforce, testing or none).`);
  assert.equal(one(GOOD.replace('version: STSv1\r\n', '')).problem, 'missing-version');
  assert.equal(one(GOOD.replace('max_age: 604800\r\n', '')).problem, 'missing-max-age');
  assert.equal(one('version: STSv1\nmode: testing\nmax_age: 86400\n').message, `The MTA-STS policy at "${URL}" is in mode testing but names no MX host ("mx:" lines).`);
  assert.deepEqual(one(`${GOOD}mode: none\n`), { problem: 'duplicate-field', line: 6, message: `The MTA-STS policy at "${URL}" (line 6) sets "mode" again (first on line 2): senders may read either value.` });
  for (const bad of ['*.*.example.org', 'mx..example.org', 'mx.example.org:25', '*example.org', 'mx_1.example.org', 'mx.exämple.org', '-mx.example.org', '*.']) {
    const p = one(GOOD.replace('mail.example.org', bad));
    assert.equal(p.problem, 'bad-mx-pattern', bad);
    assert.equal(p.line, 3);
  }
});

test('policy: hostile bodies (a lone CR, __proto__, control characters, a megabyte) end as problems, not surprises', () => {
  const cr = parseMtaStsPolicy('version: STSv1\rmode: enforce\nmx: a.example.org\nmax_age: 1\n', URL);
  assert.equal(cr.valid, false);
  assert.deepEqual(cr.problems.map((p) => [p.problem, p.line]), [['bad-line', 1], ['missing-version', undefined], ['missing-mode', undefined]]);
  assert.match(cr.problems[0]!.message, /has a line "version: STSv1\\u000dmode: enforce" that is not "key: value"/);
  const proto = parseMtaStsPolicy(`${GOOD}__proto__: {"polluted": 1}\n`, URL);
  assert.deepEqual(proto.problems.map((p) => [p.problem, p.line]), [['bad-line', 6]]);
  assert.equal(Object.getPrototypeOf(proto.policy), Object.prototype);
  assert.equal((proto.policy as unknown as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const ctl = parseMtaStsPolicy(GOOD.replace('mail.example.org', 'mail.example.org\u0000\u001b[0m'), URL);
  assert.equal(ctl.problems[0]!.problem, 'bad-line');
  assert.ok(!/[\u0000\u001b]/.test(ctl.problems[0]!.message));
  const big = `${GOOD}${'x'.repeat(1 << 20)}: y\n${Array.from({ length: 20000 }, (_, i) => `mx: m${i}.example.org`).join('\n')}\n`;
  const t0 = process.hrtime.bigint();
  const r = parseMtaStsPolicy(big, URL);
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 2000, 'linear in the body');
  assert.equal(r.policy.mx.length, 20002);
  assert.ok(r.problems[0]!.message.length < 300, `${r.problems[0]!.message.length} characters`);
});

test('mx patterns: "*." matches exactly one label; case and trailing dots do not matter', () => {
  assert.ok(mxMatchesPattern('mail.example.org', 'mail.example.org'));
  assert.ok(mxMatchesPattern('MAIL.Example.ORG.', 'mail.example.org'));
  assert.ok(mxMatchesPattern('mx1.example.org', '*.example.org'));
  assert.ok(!mxMatchesPattern('example.org', '*.example.org'));
  assert.ok(!mxMatchesPattern('a.mx1.example.org', '*.example.org'));
  assert.ok(!mxMatchesPattern('.example.org', '*.example.org'));
  assert.ok(!mxMatchesPattern('mx1.example.org.evil', '*.example.org'));
  assert.ok(!mxMatchesPattern('mail.example.org', '*.mail.example.org'));
  assert.ok(!mxMatchesPattern('xmail.example.org', 'mail.example.org'));
  assert.deepEqual(mxNotInPolicy(['mx1.example.org', 'backup.example.net', 'mx2.example.org'], ['*.example.org']), ['backup.example.net']);
});

test('TLS-RPT: one v=TLSRPTv1 record with mailto: and https: report addresses', () => {
  const r = parseTlsRptRecords([['v=spf1 -all'], ['v=TLSRPTv1; rua=mailto:tls@example.org, ', 'https://reports.example.org/tlsrpt']], RPT);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.record?.rua, ['mailto:tls@example.org', 'https://reports.example.org/tlsrpt']);
  const cases: [string[][], string, RegExp][] = [
    [[['v=spf1 -all']], 'no-record', /^No TXT record at "_smtp\._tls\.example\.org" starts with "v=TLSRPTv1": senders send no TLS reports for the domain\.$/],
    [[['v=TLSRPTv1; rua=mailto:a@example.org'], ['v=TLSRPTv1; rua=mailto:b@example.org']], 'multiple-records', /^2 TXT records .* send no TLS reports \(RFC 8460 section 3\)\. Keep one\.$/],
    [[['v=TLSRPTv1']], 'missing-rua', /has no rua= field naming where reports go; senders send no reports \(RFC 8460 section 3\)\.$/],
    [[['v=TLSRPTv1; rua=ftp://example.org/x']], 'bad-rua', /"ftp:\/\/example\.org\/x" that is neither mailto: nor https:/],
    [[['v=TLSRPTv1; rua=mailto:nobody']], 'bad-rua', /"mailto:nobody" that is not mailto:local@domain/],
    [[['v=TLSRPTv1; rua=https:/x']], 'bad-rua', /is not https:\/\/host\/path/],
    [[['v=TLSRPTv1; rua=mailto:tls rpt@example.org']], 'bad-rua', /has characters a URI cannot hold unescaped/],
    [[['v=TLSRPTv1; rua=mailto:tls@exämple.org']], 'bad-rua', /has characters a URI cannot hold unescaped/],
    [[['v=TLSRPTv1; rua=']], 'bad-rua', /"" that is empty/],
    [[['v=TLSRPTv1; rua=mailto:a@example.org; rua=mailto:b@example.org']], 'duplicate-rua', /list every address in one/],
    [[['v=TLSRPTv1; rua=mailto:a@example.org; x y']], 'bad-field', /has a field "x y"/],
    [[['v=TLSRPTv1x; rua=mailto:a@example.org']], 'no-record', /No TXT record/],
  ];
  for (const [txt, problem, message] of cases) {
    const p = parseTlsRptRecords(txt, RPT);
    assert.equal(p.record, undefined, JSON.stringify(txt));
    assert.equal(p.problems[0]?.problem, problem, JSON.stringify(txt));
    assert.match(p.problems[0]!.message, message);
  }
  const hostile = parseTlsRptRecords([['v=TLSRPTv1; rua=mailto:\u001b]8;;http://evil\u0007', 'x'.repeat(60000)]], RPT);
  assert.deepEqual(hostile.problems.map((p) => p.problem), ['bad-field', 'bad-rua', 'bad-field'], 'the ";;" of an OSC 8 link splits the record');
  for (const p of hostile.problems) {
    assert.ok(!/[\u001b\u0007]/.test(p.message), p.message);
    assert.ok(p.message.length < 300, `${p.message.length} characters`);
  }
});
