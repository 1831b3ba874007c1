// Hover content: parameters, $references in their scope, certificates (from check results), all
// text from files escaped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../server/src/core/validate';
import { targetAt } from '../../server/src/core/navigation/at-position';
import { hoverAt } from '../../server/src/core/hover/index';
import { parameterHover } from '../../server/src/core/hover/parameter-hover';
import { referenceHover } from '../../server/src/core/hover/reference-hover';
import { certificateHover, type CheckedCertificateTarget } from '../../server/src/core/hover/certificate-hover';
import type { CertificateInfo } from '../../server/src/core/tls/certificate-info';

const MAIN = 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_banner = $myhostname ESMTP\nsmtpd_tls_cert_file = /etc/ssl/$myhostname.pem\n';
const MASTER = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o myhostname=<b>sub</b>.example.com\n';
const a = analyzeConfig(MAIN, MASTER, { configDir: '/etc/postfix', version: '3.7' });
const NOW = new Date('2025-01-01T00:00:00Z');

test('parameter hover: description, type, default, value, overrides in master.cf, postconf(5) link', () => {
  const h = parameterHover(a, 'smtpd_tls_security_level', null);
  assert.match(h, /^\*\*smtpd\\_tls\\_security\\_level\*\*: one of none\\, may\\, encrypt/);
  assert.match(h, /- Default: \*\(empty\)\*/);
  assert.match(h, /- Value \(set in main\.cf line 2\): may/);
  assert.match(h, /- Overridden in master\.cf by submission\\\/inet \(master\.cf line 3\): encrypt/);
  assert.match(h, /\[postconf\\\(5\\\)\\: smtpd\\_tls\\_security\\_level\]\(https:\/\/www\.postfix\.org\/postconf\.5\.html#smtpd_tls_security_level\)$/);
  const expanded = parameterHover(a, 'smtpd_banner', null);
  assert.match(expanded, /- Value \(set in main\.cf line 3\): \\\$myhostname ESMTP\n- Expands to: mail\\\.example\\\.com ESMTP/);
  const unknown = parameterHover(a, 'my_own_thing', null);
  assert.match(unknown, /not a Postfix parameter/);
  assert.doesNotMatch(unknown, /postconf\.5\.html/);
});

test('reference hover: what $name expands to in the scope of the line, and where it is defined', () => {
  const main = referenceHover(a, 'myhostname', null);
  assert.match(main, /^\*\*\$myhostname\*\* expands in main\.cf to mail\\\.example\\\.com/);
  assert.match(main, /Defined in main\.cf line 1: mail\\\.example\\\.com/);
  // The -o value is attacker-controlled text like any other: escaped.
  assert.match(main, /Services whose -o overrides it expand it differently: submission\\\/inet \(master\.cf line 4\): \\<b\\>sub\\<\\\/b\\>\\\.example\\\.com/);
  const sub = a.model.scopes.find((s) => s.service.id === 'submission/inet')!;
  assert.match(referenceHover(a, 'myhostname', sub), /expands for submission\\\/inet to \\<b\\>sub/);
  assert.match(referenceHover(a, 'myhostname', sub), /Defined by -o for submission\\\/inet \(master\.cf line 4\)/);
  assert.match(referenceHover(a, 'mail_name', null), /expands in main\.cf to Postfix\n\nBuilt-in default: Postfix/);
  assert.match(referenceHover(a, 'nosuch', null), /is not defined in main\.cf: Postfix replaces it with nothing/);
  assert.doesNotMatch(referenceHover(a, 'myhostname', sub), /(^|[^\\])<b>/);
});

test('hoverAt: a $reference answers for the reference, a name for the parameter', () => {
  const ref = targetAt(a, 'main.cf', { line: 2, character: 18 })!;
  const h = hoverAt(a, ref, { now: NOW })!;
  assert.deepEqual(h.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 26 } });
  assert.match(h.markdown, /^\*\*\$myhostname\*\*/);
  const field = hoverAt(a, targetAt(a, 'master.cf', { line: 0, character: 6 })!, { now: NOW })!;
  assert.match(field.markdown, /type column/);
});

function info(over: Partial<CertificateInfo>): CertificateInfo {
  return {
    index: 0,
    line: 0,
    subject: 'CN=mail.example.com',
    issuer: 'CN=R11, O=Let\'s Encrypt',
    serialNumber: '01',
    dnsNames: ['mail.example.com'],
    ipAddresses: [],
    isCA: false,
    notBefore: '2024-12-01T00:00:00.000Z',
    notAfter: '2025-03-01T00:00:00.000Z',
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'sha256',
    keyAlgorithm: 'RSA',
    keySize: 2048,
    fingerprintSha256: 'AB:CD',
    ...over,
  };
}

test('certificate hover: every certificate, days left, chain and one verdict per host name, all escaped', () => {
  const setting = (targetAt(a, 'main.cf', { line: 3, character: 2 }) as { setting: Parameters<typeof certificateHover>[0] }).setting;
  const certAt = { file: 'main.cf' as const, range: setting.valueRange, param: 'smtpd_tls_cert_file' };
  const hostile = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) `tick` *b* _u_ \u202Eevil';
  const checked: CheckedCertificateTarget[] = [
    {
      target: { role: 'server', kind: 'pair', certPath: '/etc/ssl/mail.example.com.pem', hostnames: ['mail.example.com', 'smtp.example.com'], certAt, keyAt: certAt, services: ['smtp/inet', 'submission/inet'] },
      failures: [],
      report: {
        certificates: [
          info({ subject: `CN=${hostile}`, dnsNames: ['mail.example.com', ...Array.from({ length: 30 }, (_, i) => `h${i}.example.com`)] }),
          info({ index: 1, subject: "CN=R11, O=Let's Encrypt", issuer: 'CN=ISRG Root X1', isCA: true, notAfter: '2024-12-25T00:00:00.000Z' }),
        ],
        keyType: 'RSA 2048',
        findings: [],
        chain: { status: 'trusted', path: [{ subject: `CN=${hostile}`, source: 'file', index: 0 }, { subject: 'CN=R11', source: 'file', index: 1 }, { subject: 'CN=ISRG Root X1', source: 'root', index: -1 }] },
        verdicts: [
          { hostname: 'mail.example.com', accepted: true, reason: 'ok' },
          { hostname: 'smtp.example.com', accepted: false, code: 'cert-name-mismatch', reason: `Gmail will refuse this: it is for ${hostile}.` },
        ],
      },
    },
  ];
  const h = certificateHover(setting, checked, '/etc/ssl/mail.example.com.pem', NOW);
  assert.match(h, /#### Server certificate for smtp\\\/inet, submission\\\/inet/);
  assert.match(h, /smtpd\\_tls\\_cert\\_file expands to \\\/etc\\\/ssl\\\/mail\\\.example\\\.com\\\.pem/);
  assert.match(h, /\*\*Certificate 1 of 2\*\* \(the one Postfix serves\)/);
  assert.match(h, /- Valid: 2024\\-12\\-01 to 2025\\-03\\-01 \(59 days left\)/);
  assert.match(h, /\*\*Certificate 2 of 2\*\* \(a CA certificate of the chain\)[^]*\*\*expired\*\* 7 days ago/);
  assert.match(h, /- Key: RSA 2048 bits\n- SHA-256: AB\\:CD\n- Self-signed: no/);
  assert.match(h, /h18\\\.example\\\.com and 11 more/);
  assert.match(h, /Chain: \*\*trusted\*\*: .* → CN\\=R11 → CN\\=ISRG Root X1 \(trusted root\)/);
  assert.match(h, /- Gmail would accept this for mail\\\.example\\\.com\./);
  assert.match(h, /- Gmail would \*\*not\*\* accept this for smtp\\\.example\\\.com: Gmail will refuse this/);
  // The hostile subject is text: no HTML, no link, no code span, no emphasis, no bidi override.
  assert.doesNotMatch(h, /(^|[^\\])<img/);
  assert.ok(!h.includes('](javascript:'));
  assert.doesNotMatch(h, /(^|[^\\])`/);
  assert.doesNotMatch(h, /\u202E/);
  assert.match(h, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\> \\\[x\\\]\\\(javascript\\:alert\\\(1\\\)\\\) \\`tick\\` \\\*b\\\* \\_u\\_ \\\\u\\\{202E\\\}evil/);
});

test('certificate hover: unreadable files and settings no service loads', () => {
  const setting = (targetAt(a, 'main.cf', { line: 3, character: 2 }) as { setting: Parameters<typeof certificateHover>[0] }).setting;
  const certAt = { file: 'main.cf' as const, range: setting.valueRange, param: 'smtpd_tls_cert_file' };
  const h = certificateHover(
    setting,
    [{ target: { role: 'server', kind: 'pair', certPath: '/x.pem', hostnames: [], certAt, services: ['smtp/inet'] }, failures: [{ path: '/x.pem', result: { message: '/x.pem does not exist' } }] }],
    '/x.pem',
    NOW,
  );
  assert.match(h, /Could not read \\\/x\\\.pem: \\\/x\\\.pem does not exist/);
  assert.match(certificateHover(setting, [], '/x.pem', NOW), /No Postfix service loads a certificate through this smtpd\\_tls\\_cert\\_file/);
});
