// What the DNS check learns from the lab and from files on disk besides the certificates: a
// resolver that does not validate (dns-not-validating, through the lab's plain unbound beside its
// validating one), a DANE-TA record whose anchor is not in the chain file served
// (dane-anchor-missing, held to ldns-dane), a certbot certificate renewed without reuse_key under a
// 3 1 1 record (dane-no-rollover), and the domains of hosted-domain tables. Keys, certificates and
// TLSA data are made here by openssl and signed into the lab's zones.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasOpenssl, openssl } from '../helpers/certificates';
import { runCliInProcess } from '../helpers/cli';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';
import type { ResolverAddress } from '../../server/src/core/dns/types';

let lab: DnsLab | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-disk-'));
const data = { key311: '', ca201: '', le311: '', next311: '' };

function run(args: string[]): void {
  const r = openssl(args, dir);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** SHA-256 (hex) of a certificate's DER (selector 0) or of its public key (selector 1), by openssl alone. */
function sha256Of(pem: string, selector: 0 | 1): string {
  const der = path.join(dir, `${path.basename(pem)}.${selector}.der`);
  if (selector === 0) run(['x509', '-in', pem, '-outform', 'DER', '-out', der]);
  else {
    run(['x509', '-in', pem, '-pubkey', '-noout', '-out', `${der}.pub`]);
    run(['pkey', '-pubin', '-in', `${der}.pub`, '-outform', 'DER', '-out', der]);
  }
  return openssl(['dgst', '-sha256', '-r', der], dir).stdout.split(' ')[0]!;
}

function selfSigned(name: string, names: string[]): void {
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`]);
}

const file = (n: string) => path.join(dir, n);

function configDir(name: string, main: string, master?: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'main.cf'), main);
  if (master !== undefined) fs.writeFileSync(path.join(d, 'master.cf'), master);
  return d;
}

before(async () => {
  if (!labAvailable() || !hasOpenssl()) return;
  selfSigned('key', ['mx.r.good.test', 'mx.plain.good.test']);
  data.key311 = sha256Of(file('key.pem'), 1);
  // A CA and a server certificate it signed; the chain file with the CA, and the certificate alone.
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Test DANE CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ta.key', '-out', 'ta.csr', '-subj', '/CN=mx.ta.good.test']);
  fs.writeFileSync(file('ta.ext'), 'subjectAltName=DNS:mx.ta.good.test\n');
  run(['x509', '-req', '-in', 'ta.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'ta.pem', '-days', '30', '-extfile', 'ta.ext']);
  fs.writeFileSync(file('ta-full.pem'), fs.readFileSync(file('ta.pem'), 'utf8') + fs.readFileSync(file('ca.pem'), 'utf8'));
  data.ca201 = sha256Of(file('ca.pem'), 0);
  // A certbot-like tree: live/NAME/ with the key and the chain, renewal/NAME.conf written per test.
  fs.mkdirSync(file('le/live/mx.lr.good.test'), { recursive: true });
  fs.mkdirSync(file('le/renewal'), { recursive: true });
  selfSigned('le', ['mx.lr.good.test', 'mx.lr2.good.test']);
  fs.copyFileSync(file('le.pem'), file('le/live/mx.lr.good.test/fullchain.pem'));
  fs.copyFileSync(file('le.key'), file('le/live/mx.lr.good.test/privkey.pem'));
  data.le311 = sha256Of(file('le.pem'), 1);
  selfSigned('next', ['mx.lr2.good.test']);
  data.next311 = sha256Of(file('next.pem'), 1);
  lab = await startDnsLab({
    'good.test': [
      'ta 3600 IN MX 10 mx.ta.good.test.',
      'mx.ta 3600 IN A 127.0.0.2',
      `_25._tcp.mx.ta 3600 IN TLSA 2 0 1 ${data.ca201}`,
      'lr 3600 IN MX 10 mx.lr.good.test.',
      'mx.lr 3600 IN A 127.0.0.2',
      `_25._tcp.mx.lr 3600 IN TLSA 3 1 1 ${data.le311}`,
      'lr2 3600 IN MX 10 mx.lr2.good.test.',
      'mx.lr2 3600 IN A 127.0.0.2',
      `_25._tcp.mx.lr2 3600 IN TLSA 3 1 1 ${data.le311}`,
      `_25._tcp.mx.lr2 3600 IN TLSA 3 1 1 ${data.next311}`,
      'r 3600 IN MX 10 mx.r.good.test.',
      'mx.r 3600 IN A 127.0.0.2',
      `_25._tcp.mx.r 3600 IN TLSA 3 1 1 ${data.key311}`,
      'plain 3600 IN MX 10 mx.plain.good.test.',
      'mx.plain 3600 IN A 127.0.0.2',
    ],
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

interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  domain: string;
  host: string | null;
}

async function dns(resolver: ResolverAddress, args: string[]): Promise<{ status: number; diagnostics: Diagnostic[]; stdout: string }> {
  const r = await runCliInProcess(['dns', '--json', '--resolver', `${resolver.address}:${resolver.port}`, ...args]);
  const stdout = r.stdout.toString();
  return { status: r.status, stdout, diagnostics: (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics };
}

const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.domain} ${d.host ?? '-'} ${d.code} ${d.severity}`).sort();

test('a resolver that does not validate: dns-not-validating, an error when the SMTP client asks for DANE or TLSA records were found', async (t) => {
  const l = need(t);
  if (!l) return;
  const cert = `smtpd_tls_cert_file = ${file('key.pem')}\nsmtpd_tls_key_file = ${file('key.key')}\n`;
  const dane = configDir('resolver-dane', `myhostname = mx.r.good.test\nmydomain = r.good.test\n${cert}smtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n`);
  const plain = await dns(l.plain, ['-c', dane]);
  assert.equal(plain.status, 1);
  assert.deepEqual(codes(plain.diagnostics), ['. - dns-not-validating error', 'r.good.test mx.r.good.test dane-tlsa-insecure warning']);
  const m = plain.diagnostics.find((d) => d.code === 'dns-not-validating')!.message;
  assert.match(m, new RegExp(`^The resolver 127\\.0\\.0\\.1:${l.plain.port} does not validate DNSSEC: its answer for the root zone's SOA, which is signed, came without the AD bit\\.`));
  assert.match(m, /The TLSA records at _25\._tcp\.mx\.r\.good\.test look insecure through it.*DANE is asked for by the SMTP client, and does nothing through it/);
  assert.match(m, /Ask a validating resolver \(--resolver\)\.$/, 'a resolver named on the command line is not the system one');

  // The same configuration through the validating resolver: nothing to say.
  const validating = await dns(l.validating, ['-c', dane]);
  assert.equal(validating.status, 0, validating.stdout);
  assert.deepEqual(validating.diagnostics, []);

  // No DANE asked for, no TLSA found: a warning only.
  const quiet = configDir('resolver-quiet', `myhostname = mx.plain.good.test\nmydomain = plain.good.test\n${cert}`);
  const w = await dns(l.plain, ['-c', quiet]);
  assert.equal(w.status, 0);
  assert.deepEqual(codes(w.diagnostics), ['. - dns-not-validating warning']);
  assert.match(w.diagnostics[0]!.message, /Every TLSA record looks insecure through it\. Ask a validating resolver/);
});

test('check --dns puts dns-not-validating on the line that asks for DANE', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = configDir(
    'resolver-check',
    `myhostname = mx.r.good.test\nmydomain = r.good.test\nsmtpd_tls_cert_file = ${file('key.pem')}\nsmtpd_tls_key_file = ${file('key.key')}\nsmtp_dns_support_level = dnssec\n`,
    'smtp inet n - y - - smtpd\nrelay unix - - y - - smtp\n  -o smtp_tls_security_level=dane\n',
  );
  const r = await runCliInProcess(['check', '--dns', '--resolver', `${l.plain.address}:${l.plain.port}`, '--json', d]);
  const out = JSON.parse(r.stdout.toString()) as { diagnostics: { code: string; file: string; line: number; service: string | null; message: string }[] };
  const f = out.diagnostics.filter((x) => x.code === 'dns-not-validating');
  assert.deepEqual(f.map((x) => [path.basename(x.file), x.line, x.service]), [['master.cf', 3, 'relay/unix']]);
  assert.match(f[0]!.message, /DANE is asked for by relay\/unix/);
  assert.equal(r.status, 1);
});

test('a DANE-TA record whose CA is not in the chain file served: dane-anchor-missing names the record and the file; with the CA in the file, nothing; ldns-dane agrees', async (t) => {
  const l = need(t);
  if (!l) return;
  const main = (cert: string) => `myhostname = mx.ta.good.test\nmydomain = ta.good.test\nsmtpd_tls_cert_file = ${file(cert)}\nsmtpd_tls_key_file = ${file('ta.key')}\n`;
  const alone = await dns(l.validating, ['-c', configDir('ta-alone', main('ta.pem'))]);
  assert.equal(alone.status, 1);
  // 2 0 1 is a record of a whole (CA) certificate: dane-fragile-record says so, whatever the chain.
  assert.deepEqual(codes(alone.diagnostics), ['ta.good.test mx.ta.good.test dane-anchor-missing error', 'ta.good.test mx.ta.good.test dane-fragile-record warning', 'ta.good.test mx.ta.good.test dane-tlsa-mismatch error']);
  const m = alone.diagnostics.find((d) => d.code === 'dane-anchor-missing')!.message;
  assert.equal(
    m,
    `TLSA record 2 0 1 ${data.ca201.slice(0, 24)}… at _25._tcp.mx.ta.good.test (DANE-TA) names a trust anchor that is not in the chain the port-25 service sends (${file('ta.pem')}): a sender checks a DANE-TA record only against the certificates sent after the server's own (RFC 7671 section 5.2.2). Add the issuing CA's certificate after the server's certificate in that file (with certbot: fullchain.pem, not cert.pem), or publish a record of the key (3 1 1).`,
  );
  const full = await dns(l.validating, ['-c', configDir('ta-full', main('ta-full.pem'))]);
  assert.equal(full.status, 0, full.stdout);
  assert.deepEqual(codes(full.diagnostics), ['ta.good.test mx.ta.good.test dane-fragile-record warning']);

  if (spawnSync('ldns-dane', ['-v']).error) {
    if (process.env.CI) throw new Error('ldns-dane not installed');
    return t.diagnostic('ldns-dane not installed: the cross-check did not run');
  }
  const tlsa = file('ta.tlsa');
  fs.writeFileSync(tlsa, `_25._tcp.mx.ta.good.test. 3600 IN TLSA 2 0 1 ${data.ca201}\n`);
  // DANE-TA also checks the name (RFC 7672 section 3.2.3): given here, as the TLSA owner has it.
  const verdict = (pem: string) => spawnSync('ldns-dane', ['-c', file(pem), '-t', tlsa, 'verify', 'mx.ta.good.test', '25'], { encoding: 'utf8' }).status;
  assert.notEqual(verdict('ta.pem'), 0, 'ldns-dane: the anchor is not in the chain alone');
  assert.equal(verdict('ta-full.pem'), 0, 'ldns-dane: the anchor sent after the certificate authenticates it');
});

test('a 3 1 1 record of the key only, and certbot renewing without reuse_key: dane-no-rollover; reuse_key = True, or a record of the next key, silences it', async (t) => {
  const l = need(t);
  if (!l) return;
  const live = file('le/live/mx.lr.good.test');
  const conf = file('le/renewal/mx.lr.good.test.conf');
  const d = configDir('rollover', `myhostname = mx.lr.good.test\nmydomain = lr.good.test\nsmtpd_tls_chain_files = ${live}/privkey.pem, ${live}/fullchain.pem\n`);
  fs.writeFileSync(conf, `# renew_before_expiry = 30 days\nversion = 2.9.0\narchive_dir = ${file('le/archive/mx.lr.good.test')}\ncert = ${live}/cert.pem\n\n# Options used in the renewal process\n[renewalparams]\naccount = 0123\nauthenticator = standalone\nserver = https://acme-v02.api.letsencrypt.org/directory\nkey_type = ecdsa\n`);
  const renews = await dns(l.validating, ['-c', d]);
  assert.equal(renews.status, 0, renews.stdout);
  assert.deepEqual(codes(renews.diagnostics), ['lr.good.test mx.lr.good.test dane-no-rollover warning']);
  assert.equal(
    renews.diagnostics[0]!.message,
    `The TLSA records at _25._tcp.mx.lr.good.test name only the current key of ${live}/fullchain.pem, which certbot renews without keeping the key (${conf} has no "reuse_key = True"): the next renewal makes a new key that no record matches, and DANE senders defer mail until the records change. Set reuse_key = True in the [renewalparams] of ${conf} (certbot reconfigure --cert-name mx.lr.good.test --reuse-key), or publish a record of the next key beside the current one before each renewal.`,
  );
  // check --dns: on the chain files setting.
  const c = await runCliInProcess(['check', '--dns', '--resolver', `${l.validating.address}:${l.validating.port}`, '--json', d]);
  const placed = (JSON.parse(c.stdout.toString()) as { diagnostics: { code: string; line: number; name: string | null }[] }).diagnostics.filter((x) => x.code === 'dane-no-rollover');
  assert.deepEqual(placed.map((x) => [x.line, x.name]), [[3, 'smtpd_tls_chain_files']]);

  // A reuse_key outside [renewalparams] does not count; inside it does.
  fs.appendFileSync(conf, '\n[[webroot_map]]\nreuse_key = True\n');
  assert.deepEqual(codes((await dns(l.validating, ['-c', d])).diagnostics), ['lr.good.test mx.lr.good.test dane-no-rollover warning']);
  fs.writeFileSync(conf, `[renewalparams]\nauthenticator = standalone\nreuse_key = True\n`);
  assert.deepEqual((await dns(l.validating, ['-c', d])).diagnostics, []);

  // Without reuse_key, but with a record of the next key published beside the current one.
  fs.writeFileSync(conf, '[renewalparams]\nauthenticator = standalone\n');
  const next = await dns(l.validating, ['--domain', 'lr2.good.test', '--hostname', 'mx.lr2.good.test', '-c', d]);
  assert.deepEqual(codes(next.diagnostics), ['lr.good.test mx.lr.good.test dane-no-rollover warning'], 'lr2 publishes the next key: only lr is reported');
});

test('hosted-domain tables: the domains of hash:, lmdb: and texthash: sources are checked; other types and unreadable sources are said', async (t) => {
  const l = need(t);
  if (!l) return;
  fs.writeFileSync(file('vdomains'), '# virtual domains\nr.good.test OK\nuser@plain.good.test OK\n.good.test OK\n');
  fs.writeFileSync(file('vdomains.text'), 'plain.good.test x\n');
  const main = [
    'myhostname = mx.r.good.test',
    `smtpd_tls_cert_file = ${file('key.pem')}`,
    `smtpd_tls_key_file = ${file('key.key')}`,
    'mydestination = localhost',
    `virtual_mailbox_domains = hash:${file('vdomains')}, texthash:${file('vdomains.text')},`,
    '    mysql:/etc/postfix/mysql-vdomains.cf',
    `relay_domains = lmdb:${file('missing')}`,
    '',
  ].join('\n');
  const d = configDir('tables', main);
  const r = await runCliInProcess(['dns', '--json', '--hostname', 'mx.plain.good.test', '--resolver', `${l.validating.address}:${l.validating.port}`, '-c', d]);
  assert.equal(r.status, 0, r.stdout.toString() + r.stderr);
  const j = JSON.parse(r.stdout.toString()) as { domains: { domain: string; from: string; hosts: { host: string; thisServer: boolean }[] }[]; diagnostics: Diagnostic[] };
  assert.deepEqual(
    j.domains.map((x) => [x.domain, x.from, x.hosts.map((h) => `${h.host} ${h.thisServer}`)]),
    [
      ['r.good.test', 'mydomain', ['mx.r.good.test true']],
      ['plain.good.test', 'virtual_mailbox_domains', ['mx.plain.good.test true']],
    ],
    'r.good.test, $mydomain by default, is also in the hash: table: checked once',
  );
  assert.deepEqual(codes(j.diagnostics), [`hash:${file('missing')} - hosted-domains-table-skipped information`.replace('hash:', 'lmdb:'), 'mysql:/etc/postfix/mysql-vdomains.cf - hosted-domains-table-skipped information'].sort());
  const mysql = j.diagnostics.find((x) => x.domain.startsWith('mysql:'))!;
  assert.match(mysql.message, /^virtual_mailbox_domains names mysql:\/etc\/postfix\/mysql-vdomains\.cf: mysql: tables are not read .*so its domains were not checked\. Check them with --domain\.$/);
  const missing = j.diagnostics.find((x) => x.domain.startsWith('lmdb:'))!;
  assert.match(missing.message, new RegExp(`^relay_domains names lmdb:.*missing: its text source .*missing could not be read \\(.*\\), so its domains were not checked`));

  // check --dns: each note on the value of the parameter that names the table.
  const c = await runCliInProcess(['check', '--dns', '--hostname', 'mx.plain.good.test', '--resolver', `${l.validating.address}:${l.validating.port}`, '--json', d]);
  const placed = (JSON.parse(c.stdout.toString()) as { diagnostics: { code: string; line: number; name: string | null }[] }).diagnostics.filter((x) => x.code === 'hosted-domains-table-skipped');
  assert.deepEqual(placed.map((x) => [x.line, x.name]).sort(), [
    [5, 'virtual_mailbox_domains'],
    [7, 'relay_domains'],
  ]);
});
