// postfix-lens dns against a real DNSSEC lab (test/helpers/dns-lab.ts): certificates made here with
// openssl, their TLSA data computed by openssl and written into the zones before they are signed, a
// configuration whose $myhostname is the lab's MX host. What a user sees: the report, the codes,
// the exit status; the match verdicts held to ldns-dane.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasOpenssl, openssl } from '../helpers/certificates';
import { runCliInProcess } from '../helpers/cli';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';

let lab: DnsLab | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-cmd-'));
/** TLSA data by openssl: "3 1 1" of key A (the key of cert A), "3 1 1" of key B, "3 0 1" of cert A. */
const data = { a311: '', b311: '', a301: '' };

function run(args: string[]): void {
  const r = openssl(args, dir);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A self-signed certificate (enough for DANE-EE) for `names`, with its own key. */
function certificate(name: string, names: string[]): void {
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`]);
}

/** SHA-256 of the DER of the certificate (selector 0) or of its public key (selector 1), by openssl alone. */
function sha256Of(name: string, selector: 0 | 1): string {
  const der = path.join(dir, `${name}.${selector}.der`);
  if (selector === 0) run(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', der]);
  else {
    run(['x509', '-in', `${name}.pem`, '-pubkey', '-noout', '-out', `${name}.pub`]);
    run(['pkey', '-pubin', '-in', `${name}.pub`, '-outform', 'DER', '-out', der]);
  }
  const r = openssl(['dgst', '-sha256', '-r', der], dir);
  return r.stdout.split(' ')[0]!;
}

function configDir(name: string, cert: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  fs.writeFileSync(
    path.join(d, 'main.cf'),
    `myhostname = mx.d1.good.test\nmydomain = d1.good.test\nsmtpd_tls_cert_file = ${path.join(dir, `${cert}.pem`)}\nsmtpd_tls_key_file = ${path.join(dir, `${cert}.key`)}\nsmtpd_tls_security_level = may\n`,
  );
  return d;
}

before(async () => {
  if (!labAvailable() || !hasOpenssl()) return;
  certificate('a', ['mx.d1.good.test', 'mx.d3.good.test', 'mx.d1.insecure.test', 'mx.bogus.test']);
  certificate('b', ['mx.d1.good.test']);
  data.a311 = sha256Of('a', 1);
  data.b311 = sha256Of('b', 1);
  data.a301 = sha256Of('a', 0);
  lab = await startDnsLab({
    'good.test': [
      'd1 3600 IN MX 10 mx.d1.good.test.',
      'd1 3600 IN MX 20 backup.d1.good.test.',
      'mx.d1 3600 IN A 127.0.0.2',
      'backup.d1 3600 IN A 192.0.2.7',
      `_25._tcp.mx.d1 3600 IN TLSA 3 1 1 ${data.a311}`,
      '_mta-sts.d1 3600 IN TXT "v=STSv1; id=20240101"',
      '_smtp._tls.d1 3600 IN TXT "v=TLSRPTv1; rua=mailto:reports@d1.good.test"',
      'd2 3600 IN MX 10 mx.d2.good.test.',
      'mx.d2 3600 IN A 127.0.0.2',
      '_mta-sts.d2 3600 IN TXT "v=STSv1; id=1"',
      '_mta-sts.d2 3600 IN TXT "v=STSv1; id=2"',
      '_smtp._tls.d2 3600 IN TXT "v=TLSRPTv1; rua=mailto:\\027[31mx\\226\\128\\174@d2.good.test"',
      'd3 3600 IN MX 10 mx.d3.good.test.',
      'mx.d3 3600 IN A 127.0.0.2',
      `_25._tcp.mx.d3 3600 IN TLSA 3 0 1 ${data.a301}`,
      '__proto__ 3600 IN MX 10 mx.d1.good.test.',
      'nomail 3600 IN MX 0 .',
    ],
    'insecure.test': ['d1 3600 IN MX 10 mx.d1.insecure.test.', 'mx.d1 3600 IN A 127.0.0.4', `_25._tcp.mx.d1 3600 IN TLSA 3 1 1 ${data.a311}`],
  });
});

after(async () => {
  await lab?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function need(t: TestContext): DnsLab | undefined {
  if (!hasOpenssl()) {
    t.skip('openssl is not installed');
    return undefined;
  }
  return needDnsLab(t) ? lab : undefined;
}

interface Json {
  domains: { domain: string; from: string; mx: { status: string; dnssec: boolean }; hosts: { host: string; preference: number; addresses: string[]; thisServer: boolean; tlsa?: { dnssec: boolean; records: { record: string; matches: string[] }[] } }[]; mtaSts: { records: string[] }; tlsRpt: { records: string[] } }[];
  diagnostics: { code: string; severity: string; message: string; domain: string; host: string | null }[];
}

async function dns(l: DnsLab, args: string[], resolver = l.validating): Promise<{ status: number; stdout: string; stderr: string; json?: Json }> {
  const r = await runCliInProcess(['dns', '--resolver', `${resolver.address}:${resolver.port}`, ...args]);
  const stdout = r.stdout.toString();
  return { status: r.status, stdout, stderr: r.stderr, ...(args.includes('--json') ? { json: JSON.parse(stdout) as Json } : {}) };
}

const codes = (j: Json) => j.diagnostics.map((d) => `${d.domain} ${d.host ?? '-'} ${d.code} ${d.severity}`).sort();

test('the key on disk is the one published: the MX hosts reported, the TLSA record matched and validated, exit 0', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = configDir('good', 'a');
  const r = await dns(l, ['--json', '--domain', 'd3.good.test', '--hostname', 'mx.d3.good.test', '-c', d]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const j = r.json!;
  assert.deepEqual(
    j.domains.map((x) => [x.domain, x.from]),
    [
      ['d1.good.test', 'mydomain'],
      ['d3.good.test', '--domain'],
    ],
  );
  const d1 = j.domains[0]!;
  assert.deepEqual(
    d1.hosts.map((h) => [h.preference, h.host, h.addresses, h.thisServer]),
    [
      [10, 'mx.d1.good.test', ['127.0.0.2'], true],
      [20, 'backup.d1.good.test', ['192.0.2.7'], false],
    ],
  );
  assert.equal(d1.hosts[0]!.tlsa!.dnssec, true);
  assert.deepEqual(d1.hosts[0]!.tlsa!.records, [{ record: `3 1 1 ${data.a311.slice(0, 24)}…`, usable: true, matches: [path.join(dir, 'a.pem')] }]);
  assert.equal(d1.hosts[1]!.tlsa, undefined, 'no TLSA is asked for a host that is not this server');
  assert.deepEqual(d1.mtaSts.records, ['v=STSv1; id=20240101']);
  // d1's _mta-sts record is usable, but mta-sts.d1.good.test does not exist: the policy is fetched as a sender would, and is not there.
  assert.deepEqual(codes(j), ['d1.good.test - mta-sts-policy-unavailable warning', 'd1.good.test backup.d1.good.test mx-not-this-server information', 'd3.good.test mx.d3.good.test dane-fragile-record warning']);
  assert.match(j.diagnostics.find((x) => x.code === 'mta-sts-policy-unavailable')!.message, /^d1\.good\.test publishes an MTA-STS record, but senders cannot fetch its policy: mta-sts\.d1\.good\.test does not exist \(NXDOMAIN/);
  assert.match(j.diagnostics.find((x) => x.code === 'dane-fragile-record')!.message, /_25\._tcp\.mx\.d3\.good\.test.*next renewal/);

  const text = await dns(l, ['-c', d]);
  assert.equal(text.status, 0);
  assert.equal(text.stdout.split('\n')[0], `Port 25 certificates on disk: ${path.join(dir, 'a.pem')}`);
  assert.match(text.stdout, /^d1\.good\.test \(from mydomain\)\n {2}MX 10 mx\.d1\.good\.test \(127\.0\.0\.2\): this server \(its name is mx\.d1\.good\.test\)\n/m);
  assert.match(text.stdout, new RegExp(`TLSA _25\\._tcp\\.mx\\.d1\\.good\\.test \\(DNSSEC validated\\):\\n {6}3 1 1 ${data.a311.slice(0, 24)}…: matches ${path.join(dir, 'a.pem').replace(/\./g, '\\.')}\n`));
  assert.match(text.stdout, /MX 20 backup\.d1\.good\.test \(192\.0\.2\.7\): not this server/);
  assert.match(text.stdout, /TLS-RPT: "v=TLSRPTv1; rua=mailto:reports@d1\.good\.test" \(DNSSEC validated\)/);
  assert.match(text.stdout, /1 domain\(s\): 0 error\(s\), 1 warning\(s\), 1 note\(s\)\n$/);
});

test('a new key on disk that no published record names: dane-tlsa-mismatch, exit 1; ldns-dane agrees on both keys', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--json', '-c', configDir('renewed', 'b')]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.deepEqual(codes(r.json!), ['d1.good.test - mta-sts-policy-unavailable warning', 'd1.good.test backup.d1.good.test mx-not-this-server information', 'd1.good.test mx.d1.good.test dane-tlsa-mismatch error']);
  const m = r.json!.diagnostics.find((x) => x.code === 'dane-tlsa-mismatch')!;
  assert.match(m.message, new RegExp(`certificate of ${path.join(dir, 'b.pem').replace(/\./g, '\\.')} would defer mail: no usable TLSA record at _25\\._tcp\\.mx\\.d1\\.good\\.test matches it`));
  assert.deepEqual(r.json!.domains[0]!.hosts[0]!.tlsa!.records[0]!.matches, []);

  if (spawnSync('ldns-dane', ['-v']).error) {
    if (process.env.CI) throw new Error('ldns-dane not installed');
    return t.diagnostic('ldns-dane not installed: the cross-check did not run');
  }
  const tlsa = path.join(dir, 'd1.tlsa');
  fs.writeFileSync(tlsa, `_25._tcp.mx.d1.good.test. 3600 IN TLSA 3 1 1 ${data.a311}\n`);
  const verdict = (pem: string) => spawnSync('ldns-dane', ['-n', '-c', path.join(dir, pem), '-t', tlsa, 'verify'], { encoding: 'utf8' }).status;
  assert.equal(verdict('a.pem'), 0, 'ldns-dane: the record matches key A, as the report says');
  assert.equal(verdict('b.pem'), 1, 'ldns-dane: the record does not match key B, as dane-tlsa-mismatch says');
});

test('an MX name the certificate does not cover, two MTA-STS records, a TLS-RPT record with hostile bytes: each said, escaped', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--json', '--domain', 'd2.good.test', '--hostname', 'mx.d2.good.test', '-c', configDir('d2', 'a')]);
  assert.equal(r.status, 1);
  const d2 = r.json!.diagnostics.filter((x) => x.domain === 'd2.good.test');
  assert.deepEqual(d2.map((x) => `${x.host ?? '-'} ${x.code}`).sort(), ['- mta-sts-record-invalid', '- tls-rpt-invalid', 'mx.d2.good.test mx-name-not-covered']);
  assert.match(d2.find((x) => x.code === 'mx-name-not-covered')!.message, /^mx\.d2\.good\.test is an MX host of d2\.good\.test and this server, but the certificate of .*a\.pem does not name it/);
  assert.match(d2.find((x) => x.code === 'mta-sts-record-invalid')!.message, /2 TXT records at "_mta-sts\.d2\.good\.test" start with "v=STSv1"/);
  const text = await dns(l, ['--domain', 'd2.good.test', '--hostname', 'mx.d2.good.test', '-c', path.join(dir, 'd2')]);
  assert.doesNotMatch(text.stdout, /[\u001b\u0080-\u009f\u202e]/, 'no terminal control or bidi character reaches the terminal');
  assert.match(text.stdout, /tls-rpt-invalid: The TLS-RPT record at "_smtp\._tls\.d2\.good\.test" has a report address "mailto:\\u001b\[31mx.*@d2\.good\.test"/);
});

test('TLSA without DNSSEC, and a TLSA that fails validation: dane-tlsa-insecure and dns-lookup-failed, never a hang', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--json', '--domain', 'd1.insecure.test', '--domain', 'bogus.test', '--hostname', 'mx.d1.insecure.test', '--hostname', 'mx.bogus.test', '-c', configDir('insecure', 'a')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const other = r.json!.diagnostics.filter((x) => x.domain !== 'd1.good.test');
  assert.deepEqual(other.map((x) => `${x.domain} ${x.host} ${x.code} ${x.severity}`), ['d1.insecure.test mx.d1.insecure.test dane-tlsa-insecure warning', 'bogus.test mx.bogus.test dns-lookup-failed warning']);
  assert.match(other[1]!.message, /^The lookup of _25\._tcp\.mx\.bogus\.test TLSA failed: SERVFAIL/);
  const insecure = r.json!.domains.find((x) => x.domain === 'd1.insecure.test')!;
  assert.equal(insecure.hosts[0]!.tlsa!.dnssec, false);
  assert.deepEqual(insecure.hosts[0]!.tlsa!.records[0]!.matches, [path.join(dir, 'a.pem')], 'the record matches the key, but senders ignore it');
});

test('a domain named __proto__ is a domain like any other; a Null MX is said as such', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--json', '--domain', '__proto__.good.test', '--domain', 'nomail.good.test', '-c', configDir('proto', 'a')]);
  assert.equal(r.status, 0);
  const p = r.json!.domains.find((x) => x.domain === '__proto__.good.test')!;
  assert.deepEqual(p.hosts.map((h) => [h.host, h.thisServer]), [['mx.d1.good.test', true]]);
  const nomail = r.json!.domains.find((x) => x.domain === 'nomail.good.test')!;
  assert.deepEqual([nomail.hosts, (nomail.mx as { nullMx?: boolean }).nullMx], [[], true]);
  const text = await dns(l, ['--domain', 'nomail.good.test', '-c', path.join(dir, 'proto')]);
  assert.match(text.stdout, /^nomail\.good\.test \(from --domain\)\n {2}MX: a Null MX \("\."\): the domain accepts no mail\n/m);
});

test('no resolver answers: exit 2 with one line on stderr, in the time given', async (t) => {
  const l = need(t);
  if (!l) return;
  // A UDP port bound and never read: queries vanish, as with a resolver that is down behind a firewall.
  const sink = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  try {
    const start = performance.now();
    const r = await dns(l, ['--timeout', '1500', '-c', configDir('dead', 'a')], { address: '127.0.0.1', port: sink.address().port });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^postfix-lens dns: no resolver answered \(d1\.good\.test MX: .*\)\n$/);
    assert.ok(performance.now() - start < 5000, 'the deadline holds');
  } finally {
    sink.close();
  }
});

test('two keys in smtpd_tls_chain_files behind postscreen: each chain needs its record; a submission certificate is not compared', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = configDir('dual', 'a');
  const file = (n: string) => path.join(dir, n);
  fs.writeFileSync(path.join(d, 'main.cf'), `myhostname = mx.d1.good.test\nmydomain = d1.good.test\nsmtpd_tls_chain_files = ${file('a.key')}, ${file('a.pem')}, ${file('b.key')}, ${file('b.pem')}\n`);
  fs.writeFileSync(
    path.join(d, 'master.cf'),
    [
      'smtp       inet  n  -  y  -  1  postscreen',
      'smtpd      pass  -  -  y  -  -  smtpd',
      `submission inet  n  -  y  -  -  smtpd -o smtpd_tls_chain_files=${file('b.key')},${file('b.pem')}`,
      '',
    ].join('\n'),
  );
  const r = await dns(l, ['--json', '-c', d]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const mismatch = r.json!.diagnostics.filter((x) => x.code === 'dane-tlsa-mismatch');
  assert.equal(mismatch.length, 1, 'the chain of key A is matched, that of key B is not');
  assert.match(mismatch[0]!.message, new RegExp(`certificate of ${file('b.pem').replace(/\./g, '\\.')} would defer mail`));
  assert.deepEqual(r.json!.domains[0]!.hosts[0]!.tlsa!.records[0]!.matches, [file('a.pem')]);

  // Only the submission service loads key B: port 25 serves key A alone, which the record names.
  fs.writeFileSync(path.join(d, 'main.cf'), `myhostname = mx.d1.good.test\nmydomain = d1.good.test\nsmtpd_tls_chain_files = ${file('a.key')}, ${file('a.pem')}\n`);
  const ok = await dns(l, ['--json', '-c', d]);
  assert.equal(ok.status, 0, ok.stdout);
  assert.deepEqual(ok.json!.diagnostics.map((x) => x.code), ['mx-not-this-server', 'mta-sts-policy-unavailable']);
});

test('check --dns: the DNS findings among the others, on the certificate setting or the domain\'s parameter; without --dns no DNS option is taken', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = configDir('check-dns', 'b');
  const resolver = `${l.validating.address}:${l.validating.port}`;
  const r = await runCliInProcess(['check', '--dns', '--resolver', resolver, '--now', new Date().toISOString(), '--json', d]);
  const out = JSON.parse(r.stdout.toString()) as { diagnostics: { code: string; severity: string; line: number; name: string | null; message: string }[] };
  assert.equal(r.status, 1, r.stdout.toString() + r.stderr);
  const dnsFindings = out.diagnostics.filter((x) => ['dane-tlsa-mismatch', 'mx-not-this-server'].includes(x.code)).map((x) => `${x.line} ${x.name} ${x.code}`);
  // main.cf: line 1 myhostname, 2 mydomain, 3 smtpd_tls_cert_file.
  assert.deepEqual(dnsFindings.sort(), ['2 mydomain mx-not-this-server', '3 smtpd_tls_cert_file dane-tlsa-mismatch']);

  const text = await runCliInProcess(['check', '--dns', '--resolver', resolver, '--severity', 'mx-not-this-server=off', d]);
  assert.match(text.stdout.toString(), new RegExp(`^${path.join(d, 'main.cf').replace(/\./g, '\\.')}:3:\\d+: error dane-tlsa-mismatch: A DANE sender`, 'm'));
  assert.doesNotMatch(text.stdout.toString(), /mx-not-this-server/);

  const plain = await runCliInProcess(['check', '--json', d]);
  assert.deepEqual((JSON.parse(plain.stdout.toString()) as typeof out).diagnostics.filter((x) => /^(dane|mx-|dns-|mta-sts|tls-rpt)/.test(x.code)), []);
  const misuse = await runCliInProcess(['check', '--resolver', resolver, d]);
  assert.equal(misuse.status, 2);
  assert.match(misuse.stderr, /^postfix-lens check: --resolver needs --dns\n/);
});
