// `postfix-lens check` on a set-up that works: Debian's master.cf with amavisd-new's content filter
// services (out to 127.0.0.1:10024, back in on a loopback smtpd at 10025 with TLS off), SpamAssassin
// through pipe, a banner each smtpd service sets with -o, and a Postfix 3.7 target. None of its
// settings is an error; the one true warning is amavis's obsolete disable_dns_lookups (the submission
// service allows TLS 1.2 and later; port 25 keeps TLS 1.0 and 1.1 on purpose, which is information
// only). Changing the
// set-up so that it breaks brings each finding back, naming the service.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

const FIXTURE = path.join(__dirname, 'fixtures', 'content-filter');
const MAIN = fs.readFileSync(path.join(FIXTURE, 'main.cf'), 'utf8');
const MASTER = fs.readFileSync(path.join(FIXTURE, 'master.cf'), 'utf8');

/** check's output lines, without malformed-override (spamc's "-oi" after argv= is another matter). */
function check(main: string, master: string, extra: string[] = []): { status: number; lines: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-filter-'));
  fs.writeFileSync(path.join(dir, 'main.cf'), main);
  fs.writeFileSync(path.join(dir, 'master.cf'), master);
  // The submission service logs in through Cyrus SASL: a working set-up has its smtpd.conf where
  // Debian's smtpd looks (sasl-backend-missing would say so otherwise).
  fs.mkdirSync(path.join(dir, 'sasl'));
  fs.writeFileSync(path.join(dir, 'sasl', 'smtpd.conf'), 'pwcheck_method: saslauthd\nmech_list: PLAIN LOGIN\n');
  const r = runCli(['check', '--no-certificates', '--postfix-version', '3.7', ...extra, dir]);
  const lines = r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.startsWith(dir) && !l.includes(' malformed-override: ') && !/: \d+ error\(s\)/.test(l))
    .map((l) => l.slice(dir.length + 1));
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, lines, dir };
}

const PORT25 =
  'master.cf:3:1: information tls-legacy-protocol: smtp/inet allows TLS 1.0 and TLS 1.1 (smtpd_tls_protocols is >=TLSv1: TLS 1.0 – TLS 1.3). ' +
  'On a port where other servers deliver, Postfix keeps them on purpose (TLS_README): a sender that cannot use TLS 1.2 would otherwise send in plain text. [smtp/inet]';
const DNS = 'master.cf:39:6: warning deprecated-parameter: disable_dns_lookups is obsolete since Postfix 2.11: use smtp_dns_support_level instead. Set smtp_dns_support_level = disabled instead. [smtp-amavis/unix]';

test('the working content filter set-up: no error, only the obsolete disable_dns_lookups', () => {
  const r = check(MAIN, MASTER);
  assert.deepEqual(r.lines, [PORT25, DNS]);
  assert.equal(r.status, 0);
});

test('the reinjection port moved off loopback: TLS off there is an error again', () => {
  const r = check(MAIN, MASTER.replace('127.0.0.1:10025 inet', '0.0.0.0:10025 inet'));
  assert.equal(r.status, 1);
  assert.deepEqual(r.lines, [
    PORT25,
    DNS,
    'master.cf:54:31: error tls-disabled: TLS is off for 0.0.0.0:10025/inet: smtpd_tls_security_level = none, so clients cannot use STARTTLS although a certificate is configured. ' +
      'Gmail\'s "Send mail as" and other careful senders need TLS. Turning TLS off is never the fix for a certificate error: set smtpd_tls_security_level = may (encrypt on the submission port) and fix the certificate. [0.0.0.0:10025/inet]',
  ]);
});

test('a service left without its custom_banner: the banner error names it', () => {
  const r = check(MAIN, MASTER.replace('  -o custom_banner=amavis-return\n', ''));
  assert.equal(r.status, 1);
  assert.deepEqual(r.lines, [
    'main.cf:2:16: error invalid-value: smtpd_banner = "$custom_banner" (which expands to "" for 127.0.0.1:10025/inet): this parameter must not be empty. Postfix stops with a fatal error when it reads this.',
    PORT25,
    DNS,
  ]);
});

test('targeting Postfix 3.9: smtpd_tls_dh1024_param_file is obsolete there', () => {
  const r = check(MAIN, MASTER, ['--postfix-version', '3.9']);
  assert.deepEqual(r.lines, ['main.cf:10:1: warning deprecated-parameter: smtpd_tls_dh1024_param_file is obsolete since Postfix 3.9. Leave unset; the built-in FFDHE groups are preferred.', PORT25, DNS]);
});
