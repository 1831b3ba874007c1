// postfix-lens dns and the submission SRV records (RFC 6186, RFC 8314) against the DNSSEC lab
// (test/helpers/dns-lab.ts): a target that is this server checked against the certificate the
// smtpd on the record's port loads (a master.cf -o override counts), a target "." reported as a
// service not offered. What a user sees: the report's SRV lines, the code, the exit status.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testCa } from '../helpers/certificates';
import { runCliInProcess } from '../helpers/cli';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';

let lab: DnsLab | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-srv-'));
const file = (name: string) => path.join(dir, name);

before(async () => {
  const ca = testCa('postfix-lens SRV Test CA');
  for (const [name, names] of [
    ['mx', ['mx.s1.good.test']],
    ['submit', ['mail.s1.good.test']],
    ['other', ['other.s1.good.test']],
  ] as const) {
    const pair = ca.issue([...names]);
    fs.writeFileSync(file(`${name}.pem`), pair.cert);
    fs.writeFileSync(file(`${name}.key`), pair.key);
  }
  if (!labAvailable()) return;
  lab = await startDnsLab({
    'good.test': [
      's1 3600 IN MX 10 mx.s1.good.test.',
      'mx.s1 3600 IN A 192.0.2.25',
      '_submission._tcp.s1 3600 IN SRV 0 1 587 mail.s1.good.test.',
      '_submissions._tcp.s1 3600 IN SRV 0 0 0 .',
      'mail.s1 3600 IN A 127.0.0.2',
    ],
  });
});

after(async () => {
  await lab?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function need(t: TestContext): DnsLab | undefined {
  return needDnsLab(t) ? lab : undefined;
}

/** main.cf: this server is mail.s1.good.test, port 25 loads mx.pem; master.cf: submission loads `submissionCert` by -o. */
function config(name: string, submissionCert: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  fs.writeFileSync(path.join(d, 'main.cf'), `myhostname = mail.s1.good.test\nmydomain = s1.good.test\nsmtpd_tls_cert_file = ${file('mx.pem')}\nsmtpd_tls_key_file = ${file('mx.key')}\nsmtpd_tls_security_level = may\n`);
  fs.writeFileSync(
    path.join(d, 'master.cf'),
    [
      'smtp       inet  n  -  y  -  -  smtpd',
      `submission inet  n  -  y  -  -  smtpd -o smtpd_tls_security_level=encrypt -o smtpd_tls_cert_file=${file(`${submissionCert}.pem`)} -o smtpd_tls_key_file=${file(`${submissionCert}.key`)}`,
      '',
    ].join('\n'),
  );
  return d;
}

interface Json {
  domains: { domain: string; srv: { service: string; owner: string; notOffered: boolean; targets: { priority: number; weight: number; port: number; target: string; addresses: string[]; thisServer: boolean }[] }[] }[];
  diagnostics: { code: string; severity: string; message: string; domain: string; host: string | null }[];
}

async function dns(l: DnsLab, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await runCliInProcess(['dns', '--resolver', `${l.validating.address}:${l.validating.port}`, ...args]);
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr };
}

test('a submission target that is this server, not named by the certificate the submission service loads: srv-name-not-covered, exit 1; target "." is not offered, no finding', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = config('wrong', 'other');
  const r = await dns(l, ['--json', d]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(j.domains[0]!.srv, [
    { status: 'answered', dnssec: true, service: 'submission', owner: '_submission._tcp.s1.good.test', notOffered: false, targets: [{ priority: 0, weight: 1, port: 587, target: 'mail.s1.good.test', addresses: ['127.0.0.2'], thisServer: true, by: 'its name is mail.s1.good.test' }] },
    { status: 'answered', dnssec: true, service: 'submissions', owner: '_submissions._tcp.s1.good.test', notOffered: true, targets: [] },
  ]);
  const srv = j.diagnostics.filter((x) => x.code === 'srv-name-not-covered');
  assert.deepEqual(srv.map((x) => [x.severity, x.domain, x.host]), [['error', 's1.good.test', 'mail.s1.good.test']]);
  assert.equal(
    srv[0]!.message,
    `mail.s1.good.test is the _submission._tcp.s1.good.test SRV target (port 587) and this server, but the certificate of ${file('other.pem')}, which the service on port 587 loads, does not name it: mail programs that find the server through this record refuse the connection. Add mail.s1.good.test to the certificate's names (with certbot: -d mail.s1.good.test).`,
  );
  assert.deepEqual(j.diagnostics.filter((x) => x.message.includes('submissions')), [], 'a service not offered gives no finding');

  const text = await dns(l, [d]);
  assert.match(text.stdout, /^ {2}SRV _submission\._tcp\.s1\.good\.test 0 1 587 mail\.s1\.good\.test \(127\.0\.0\.2; DNSSEC validated\): this server \(its name is mail\.s1\.good\.test\)$/m);
  assert.match(text.stdout, /^ {2}SRV _submissions\._tcp\.s1\.good\.test: not offered \(target "\."\)$/m);
});

test('the submission service\'s own certificate names the target: no finding; the port-25 certificate is not what is compared', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--json', config('right', 'submit')]);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(j.diagnostics.filter((x) => x.code === 'srv-name-not-covered'), []);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('a domain with no SRV records: "no record" in the report, no finding', async (t) => {
  const l = need(t);
  if (!l) return;
  const r = await dns(l, ['--domain', 'good.test', config('none', 'submit')]);
  assert.match(r.stdout, /^ {2}SRV _submissions\._tcp\.good\.test: no record$/m);
  assert.match(r.stdout, /^ {2}SRV _submission\._tcp\.good\.test 0 1 587 mx\.good\.test \(.*\): not this server$/m);
});

test('check --dns: srv-name-not-covered on the submission service\'s -o smtpd_tls_cert_file, where it is fixed', async (t) => {
  const l = need(t);
  if (!l) return;
  const d = config('check', 'other');
  const r = await runCliInProcess(['check', '--dns', '--resolver', `${l.validating.address}:${l.validating.port}`, '--json', d]);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout.toString()) as { diagnostics: { code: string; line: number; name: string | null; file: string; service?: string }[] };
  const srv = out.diagnostics.filter((x) => x.code === 'srv-name-not-covered');
  assert.deepEqual(
    srv.map((x) => [path.basename(x.file), x.line, x.name, x.service]),
    [['master.cf', 2, 'smtpd_tls_cert_file', 'submission/inet']],
  );
});
