// tls-legacy-protocol, tls-weak-cipher, tls-no-forward-secrecy: which settings a service uses
// (mandatory or not), judged by the port's role (a warning on submission, information on port 25).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { ruleOf } from '../../../server/src/core/rules/registry';
import { TLS_LEGACY_PROTOCOL, TLS_NO_FORWARD_SECRECY, TLS_WEAK_CIPHER } from '../../../server/src/core/rules/tls-settings';

const CODES = ['tls-legacy-protocol', 'tls-weak-cipher', 'tls-no-forward-secrecy'];

function found(main: string, master: string | null) {
  const a = analyzeConfig(main, master, { version: '3.7' });
  return runRules(a)
    .filter((f) => CODES.includes(f.code))
    .map((f) => ({ code: f.code, severity: f.severity, file: f.file, line: f.range.start.line + 1, service: f.service, message: f.message }));
}

const TLS = 'smtpd_tls_security_level = may\n';
const SUBMISSION = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n';
const SMTPS = 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n';
const SMTP = 'smtp inet n - y - - smtpd\n';

test('the registry: one default severity (warning) and reason per code, the role rule in severityFor', () => {
  for (const j of [TLS_LEGACY_PROTOCOL, TLS_WEAK_CIPHER, TLS_NO_FORWARD_SECRECY]) {
    const r = ruleOf(j.code)!;
    assert.equal(r.severity, 'warning');
    assert.equal(r.why, j.why);
    assert.equal(j.severityFor('submission'), 'warning');
    assert.equal(j.severityFor('mx'), 'information');
  }
});

test('Postfix 3.7 defaults (>=TLSv1): a warning on each submission service, information on port 25', () => {
  const f = found(TLS, SMTP + SUBMISSION + SMTPS);
  assert.deepEqual(
    f.map((x) => [x.code, x.severity, x.line, x.service]),
    [
      ['tls-legacy-protocol', 'information', 1, 'smtp/inet'],
      ['tls-legacy-protocol', 'warning', 2, 'submission/inet'],
      ['tls-legacy-protocol', 'warning', 4, 'smtps/inet'],
    ],
  );
  assert.match(f[1]!.message, /^submission\/inet allows TLS 1\.0 and TLS 1\.1 \(smtpd_tls_mandatory_protocols is >=TLSv1, in effect because TLS is mandatory there: TLS 1\.0 – TLS 1\.3\)\. /);
  assert.match(f[0]!.message, /smtpd_tls_protocols is >=TLSv1: .*TLS_README/);
});

test('mandatory or not: encrypt and wrapper mode read the mandatory_ setting, may the other', () => {
  // main.cf restricts only the mandatory list: the submission services are fine, port 25 is not.
  const f = found(`${TLS}smtpd_tls_mandatory_protocols = !SSLv2 !SSLv3 !TLSv1 !TLSv1.1\n`, SMTP + SUBMISSION + SMTPS);
  assert.deepEqual(f.map((x) => x.service), ['smtp/inet']);
  // The other way round: the submission services are reported, port 25 is not.
  const g = found(`${TLS}smtpd_tls_protocols = >=TLSv1.2\n`, SMTP + SUBMISSION + SMTPS);
  assert.deepEqual(g.map((x) => x.service), ['submission/inet', 'smtps/inet']);
  // The legacy smtpd_enforce_tls = yes (no level) is mandatory too; verify means encrypt for smtpd.
  assert.deepEqual(found('smtpd_enforce_tls = yes\nsmtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1\n', null).map((x) => x.line), [3]);
  assert.deepEqual(found('smtpd_tls_security_level = verify\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n', null), []);
});

test('a service -o is reported on the -o; main.cf alone on its own line; the fix is offered on submission only', () => {
  const f = found(TLS, 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_mandatory_protocols=!SSLv2,!SSLv3\n');
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['master.cf', 3]]);
  assert.match(f[0]!.message, /TLS 1\.0 – TLS 1\.3 \(SSLv2, SSLv3 excluded\)/);
  const m = found(`${TLS}smtpd_tls_protocols = TLSv1 TLSv1.1 TLSv1.2\n`, null);
  assert.deepEqual(m.map((x) => [x.file, x.line, x.severity]), [['main.cf', 2, 'information']]);
  // main.cf alone with the built-in default: no line says it, nothing is reported (with master.cf it is, on the service).
  assert.deepEqual(found(TLS, null), []);
  // Quick fixes: on the submission service, not on port 25 (TLS_README keeps old protocols there).
  const a = analyzeConfig(TLS, SMTP + SUBMISSION, { version: '3.7' });
  const rule = ruleOf('tls-legacy-protocol')!;
  const fixesOf = (service: string) => {
    const finding = runRules(a).find((x) => x.code === 'tls-legacy-protocol' && x.service === service)!;
    return rule.fixes!(a, { code: finding.code, range: finding.range, file: finding.file!, data: finding.data });
  };
  assert.deepEqual(fixesOf('smtp/inet'), []);
  assert.deepEqual(fixesOf('submission/inet').map((x) => x.title), ['Allow only TLS 1.2 and later: -o smtpd_tls_mandatory_protocols=>=TLSv1.2 -o smtpd_tls_protocols=>=TLSv1.2']);
});

test('not judged: TLS off, a loopback-only service, an invalid list (TLS off), a broken -o, main.cf unread', () => {
  assert.deepEqual(found('', SMTP), [], 'TLS is off by default in Postfix 3.7 (no level, no smtpd_use_tls)');
  assert.deepEqual(found(TLS, '127.0.0.1:10025 inet n - n - - smtpd\n'), []);
  assert.deepEqual(found(`${TLS}smtpd_tls_protocols = TLSv1.4\n`, SMTP), []);
  assert.deepEqual(found(TLS, 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level = encrypt\n'), []);
  const a = analyzeConfig('', SUBMISSION, { version: '3.7', unread: { file: 'main.cf', size: 4 << 20, limit: 1 << 20 } });
  assert.deepEqual(runRules(a).filter((f) => CODES.includes(f.code)), []);
  assert.deepEqual(found(`${TLS}smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n`, SMTP + SUBMISSION), []);
});

test('tls-weak-cipher: grade null; weak classes named in the cipherlist; anonymous suites at security level 0', () => {
  const n = found(`${TLS}smtpd_tls_ciphers = null\nsmtpd_tls_protocols = >=TLSv1.2\n`, null);
  assert.deepEqual(n.map((x) => [x.code, x.line]), [['tls-weak-cipher', 2]]);
  assert.match(n[0]!.message, /smtpd_tls_ciphers = null allows only suites without encryption/);
  // export and low with the stock lists prove nothing: OpenSSL 1.1.1 and later have no such suites.
  assert.deepEqual(found(`${TLS}smtpd_tls_ciphers = export\nsmtpd_tls_protocols = >=TLSv1.2\n`, null), []);
  // A list that names RC4 (and does not remove it again).
  const rc4 = found(`${TLS}tls_medium_cipherlist = HIGH:RC4\nsmtpd_tls_protocols = >=TLSv1.2\n`, null);
  assert.deepEqual(rc4.map((x) => [x.code, x.line]), [['tls-weak-cipher', 2]]);
  assert.match(rc4[0]!.message, /tls_medium_cipherlist \(grade medium\) asks OpenSSL for RC4 suites/);
  assert.deepEqual(found(`${TLS}tls_medium_cipherlist = HIGH:RC4:!RC4\nsmtpd_tls_protocols = >=TLSv1.2\n`, null), []);
  assert.deepEqual(found(`${TLS}tls_medium_cipherlist = HIGH:MD5\nsmtpd_tls_protocols = >=TLSv1.2\n`, null), [], 'MD5 needs security level 0');
  // A weak suite by name (as in a corpus list ending in DES-CBC3-SHA), unless an exclusion removes it.
  const named = `${TLS}tls_medium_cipherlist = ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA\nsmtpd_tls_protocols = >=TLSv1.2\n`;
  assert.match(found(named, null)[0]!.message, /asks OpenSSL for DES-CBC3-SHA\. /);
  assert.deepEqual(found(`${named}smtpd_tls_exclude_ciphers = aNULL, DES-CBC3-SHA\n`, null), []);
  assert.equal(found(`${named}smtpd_tls_exclude_ciphers = aNULL,RC4\n`, null).length, 1, 'excluding RC4 leaves 3DES');
  assert.deepEqual(found(`${named}smtpd_tls_exclude_ciphers = 3DES\n`, null), []);
  assert.equal(found(`${TLS}tls_medium_cipherlist = HIGH:MD5:@SECLEVEL=0\nsmtpd_tls_protocols = >=TLSv1.2\n`, null).filter((x) => x.message.includes('MD5')).length, 1);
  // Anonymous suites: only with @SECLEVEL=0, a warning on 465 (encrypt does not keep them out) unless excluded.
  const main = `${TLS}tls_medium_cipherlist = aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH:@SECLEVEL=0\nsmtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n`;
  const anon = found(main, SMTP + SMTPS);
  assert.deepEqual(anon.map((x) => [x.code, x.severity, x.service]), [
    ['tls-weak-cipher', 'information', 'smtp/inet'],
    ['tls-weak-cipher', 'warning', 'smtps/inet'],
  ]);
  assert.match(anon[1]!.message, /^smtps\/inet accepts anonymous suites .* add aNULL to smtpd_tls_mandatory_exclude_ciphers\.$/);
  assert.deepEqual(found(`${main}smtpd_tls_mandatory_exclude_ciphers = aNULL\n`, SMTPS), []);
  // Asking for client certificates excludes aNULL as smtpd does.
  assert.deepEqual(found(`${main}smtpd_tls_ask_ccert = yes\n`, SMTPS), []);
  assert.deepEqual(found(main.replace('@SECLEVEL=0', ''), SMTPS), [], 'the default security level refuses anonymous suites');
});

test('tls-no-forward-secrecy: a cipherlist of RSA key transport only, while TLS 1.2 or older is allowed', () => {
  const main = `${TLS}tls_high_cipherlist = kRSA:AES256-SHA\nsmtpd_tls_ciphers = high\n`;
  const f = found(`${main}smtpd_tls_protocols = >=TLSv1.2\n`, null);
  assert.deepEqual(f.map((x) => [x.code, x.line, x.severity]), [['tls-no-forward-secrecy', 2, 'information']]);
  assert.match(f[0]!.message, /tls_high_cipherlist \(grade high\) is kRSA:AES256-SHA, which allows only RSA key transport/);
  assert.deepEqual(found(`${main}smtpd_tls_protocols = >=TLSv1.3\n`, null), [], 'TLS 1.3 only: always forward secret');
  assert.deepEqual(found(`${TLS}tls_high_cipherlist = kRSA:ECDHE+AESGCM\nsmtpd_tls_ciphers = high\nsmtpd_tls_protocols = >=TLSv1.2\n`, null), []);
});

test('a 1 MB protocol list: one finding, the value clipped in its message', () => {
  const f = found(`${TLS}smtpd_tls_protocols = >=TLSv1 ${'!SSLv2 '.repeat(150_000)}\n`, null);
  assert.equal(f.length, 1);
  assert.ok(f[0]!.message.length < 2000, 'the value is clipped in the message');
});
