// postfix-lens check on submission services, as a user runs it (a real process): AUTH before TLS,
// restrictions that refuse logged-in users, and the SASL back end looked for on this machine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli';

function dir(main: string, master: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-check-sub-'));
  fs.writeFileSync(path.join(d, 'main.cf'), main.split('@DIR@').join(d));
  fs.writeFileSync(path.join(d, 'master.cf'), master);
  return d;
}

const lines = (out: Buffer, code: string) => out.toString().split('\n').filter((l) => l.includes(` ${code}: `));

test('AUTH before TLS and a relay list without permit_sasl_authenticated: errors on the service line, exit 1', () => {
  const d = dir(
    'compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n',
    'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\nsubmissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n',
  );
  const r = runCli(['check', '--no-certificates', d]);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(lines(r.stdout, 'submission-auth-before-tls'), [
    `${d}/master.cf:2:1: error submission-auth-before-tls: submission/inet offers SASL authentication before TLS (smtpd_tls_security_level is not encrypt and smtpd_tls_auth_only is not yes for it): ` +
      'a mail program may log in on the plain connection and send its password in clear text. Add -o smtpd_tls_security_level=encrypt to this service. [submission/inet]',
  ]);
  // 465 has its own -o relay list: only 587 is refused.
  assert.deepEqual(lines(r.stdout, 'submission-relay-denied'), [
    `${d}/master.cf:2:1: error submission-relay-denied: submission/inet lets mail programs log in, but smtpd_relay_restrictions (main.cf line 3) has "reject_unauth_destination" and no permit_sasl_authenticated: ` +
      'a logged-in user\'s mail to other domains is refused ("Relay access denied"). Add -o smtpd_relay_restrictions=permit_sasl_authenticated,reject to this service, or put permit_sasl_authenticated first. [submission/inet]',
  ]);
});

// The certificate is named (so tls-disabled has nothing to say) but not read (--no-certificates).
const CERT = 'smtpd_tls_security_level = may\nsmtpd_tls_chain_files = @DIR@/key.pem, @DIR@/fullchain.pem\n';
const DOVECOT_MASTER = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_type=dovecot\n  -o smtpd_sasl_path=private/auth\n';

test("Dovecot's auth socket: a warning while it is missing, nothing once Dovecot (here a listening socket) is there", async () => {
  const d = dir(`${CERT}queue_directory = @DIR@/queue\n`, DOVECOT_MASTER);
  fs.mkdirSync(path.join(d, 'queue', 'private'), { recursive: true });
  const before = runCli(['check', '--no-certificates', '--json', d]);
  const diags = (JSON.parse(before.stdout.toString()) as { diagnostics: { code: string; severity: string; line: number; message: string; service?: string }[] }).diagnostics.filter((x) => x.code === 'sasl-backend-missing');
  assert.deepEqual(diags.map((x) => [x.severity, x.line, x.service]), [['warning', 2, 'submission/inet']]);
  assert.match(diags[0]!.message, new RegExp(`its auth socket ${d.replace(/[.]/g, '\\.')}/queue/private/auth does not exist \\(smtpd_sasl_path = private/auth\\)`));
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(d, 'queue', 'private', 'auth'), resolve));
  try {
    const after = runCli(['check', '--no-certificates', d]);
    assert.equal(after.status, 0, after.stdout.toString());
    assert.deepEqual(lines(after.stdout, 'sasl-backend-missing'), []);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('what cannot be looked at is a note that says so: no queue directory here, or a private directory the user may not search', () => {
  const d = dir(`${CERT}queue_directory = @DIR@/no-queue\n`, DOVECOT_MASTER);
  const r = runCli(['check', '--no-certificates', d]);
  assert.equal(r.status, 0);
  assert.deepEqual(lines(r.stdout, 'sasl-backend-missing'), [
    `${d}/master.cf:2:1: information sasl-backend-missing: Dovecot's auth socket ${d}/no-queue/private/auth for submission/inet was not checked: the queue directory ${d}/no-queue does not exist on this machine. ` +
      "If this is a copy of a mail server's configuration, check on the server (as root) that the socket exists. [submission/inet]",
  ]);
  // As Postfix installs it: private/ is 0700, so only root (and postfix) can look inside.
  const e = dir(`${CERT}queue_directory = @DIR@/queue\n`, DOVECOT_MASTER);
  fs.mkdirSync(path.join(e, 'queue', 'private'), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.join(e, 'queue', 'private'), 0o700);
  fs.chmodSync(e, 0o755);
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const s = spawnSync(asUser[0] ?? process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), CLI, 'check', '--no-certificates', e], { timeout: 60_000, env: { ...process.env, HOME: os.tmpdir() } });
  assert.equal(s.status, 0, s.stderr.toString());
  assert.deepEqual(lines(s.stdout, 'sasl-backend-missing').map((l) => l.replace(/ \[.*$/, '')), [
    `${e}/master.cf:2:1: information sasl-backend-missing: Dovecot's auth socket ${e}/queue/private/auth for submission/inet was not checked: ${e}/queue/private/auth cannot be searched by the user running the check (permission denied). ` +
      "If this is a copy of a mail server's configuration, check on the server (as root) that the socket exists.",
  ]);
});

test("Cyrus SASL on Debian's smtpd: smtpd.conf looked for in <config_directory>/sasl and /usr/lib/sasl only", (t) => {
  if (!fs.existsSync('/usr/lib/postfix/sbin/smtpd') || !fs.existsSync('/etc/debian_version')) return t.skip("Debian's Postfix is not installed here");
  const master = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n';
  const d = dir('daemon_directory = /usr/lib/postfix/sbin\n', master);
  const r = runCli(['check', '--no-certificates', d]);
  const found = lines(r.stdout, 'sasl-backend-missing');
  assert.equal(found.length, 1, r.stdout.toString());
  assert.match(found[0]!, new RegExp(`^${d.replace(/[.]/g, '\\.')}/master\\.cf:1:1: warning sasl-backend-missing: submission/inet authenticates through Cyrus SASL \\(smtpd_sasl_type = cyrus\\), but there is no smtpd\\.conf in ${d.replace(/[.]/g, '\\.')}/sasl or /usr/lib/sasl \\(the search path of Debian's smtpd\\)`));
  fs.mkdirSync(path.join(d, 'sasl'));
  fs.writeFileSync(path.join(d, 'sasl', 'smtpd.conf'), 'pwcheck_method: saslauthd\nmech_list: PLAIN LOGIN\n');
  assert.deepEqual(lines(runCli(['check', '--no-certificates', d]).stdout, 'sasl-backend-missing'), []);
});
