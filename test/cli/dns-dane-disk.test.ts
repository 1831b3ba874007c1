// The DANE findings that need the DNS lab and files on disk: a resolver that does not validate
// (dns-not-validating, through the lab's plain unbound beside its validating one), a DANE-TA record
// whose anchor is not in the chain file served (dane-anchor-missing, held to ldns-dane), and a
// certbot certificate renewed without reuse_key under a 3 1 1 record (dane-no-rollover). Keys,
// certificates and TLSA data are made here by openssl and signed into the lab's zones.

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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-dane-'));
const data = { key311: '', ca201: '', le311: '' };

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
  lab = await startDnsLab({
    'good.test': [
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
