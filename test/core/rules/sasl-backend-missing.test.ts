// sasl-backend-missing: where smtpd looks for its SASL back end (pure), and the verdict on what
// stat() found there (facts given as io/path-facts.ts gathers them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules, type ConfigAnalysis } from '../../../server/src/core/validate';
import type { PathFact } from '../../../server/src/core/config/path-facts';
import { LIBSASL2_DIRS, saslBackendPaths, saslBackends } from '../../../server/src/core/rules/submission/sasl-backend';

const analyze = (main: string, master: string | null) => analyzeConfig(main, master, { version: '3.7', configDir: '/etc/postfix' });

function found(a: ConfigAnalysis, facts: Record<string, PathFact['kind']>, debian?: boolean) {
  const paths = new Map<string, PathFact>(Object.entries(facts).map(([p, kind]) => [p, kind === 'error' ? { kind, code: 'EIO' } : { kind }]));
  return runRules({ ...a, pathFacts: { paths, ...(debian === undefined ? {} : { debianSaslPath: debian }) } })
    .filter((f) => f.code === 'sasl-backend-missing')
    .map((f) => ({ line: f.range.start.line + 1, service: f.service, severity: f.severity, message: f.message }));
}

const DOVECOT = (path: string, chroot = 'y') => `submission inet n - ${chroot} - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_type=dovecot\n  -o smtpd_sasl_path=${path}\n`;
const CYRUS = 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n';

test('where smtpd looks: Dovecot relative to the queue directory or in its chroot; Cyrus on Debian, cyrus_sasl_config_path, libsasl2', () => {
  const paths = (main: string, master: string, debian?: boolean) => saslBackends(analyze(main, master), debian).map((b) => [b.type, b.paths, b.base, b.search]);
  assert.deepEqual(paths('', DOVECOT('private/auth')), [['dovecot', ['/var/spool/postfix/private/auth'], '/var/spool/postfix', undefined]]);
  assert.deepEqual(paths('queue_directory = /srv/q/\n', DOVECOT('unix:private/auth')), [['dovecot', ['/srv/q/private/auth'], '/srv/q', undefined]]);
  // An absolute path is inside the chroot (the queue directory) when the service runs chrooted.
  assert.deepEqual(paths('', DOVECOT('/run/dovecot/auth-client')), [['dovecot', ['/var/spool/postfix/run/dovecot/auth-client'], '/var/spool/postfix', undefined]]);
  assert.deepEqual(paths('', DOVECOT('/run/dovecot/auth-client', '-')), [['dovecot', ['/run/dovecot/auth-client'], '/var/spool/postfix', undefined]]);
  assert.deepEqual(paths('', DOVECOT('inet:127.0.0.1:12345')), []);
  assert.deepEqual(paths('', CYRUS, true), [['cyrus', ['/etc/postfix/sasl/smtpd.conf', '/usr/lib/sasl/smtpd.conf'], '/etc/postfix', 'debian']]);
  // Debian's smtpd ignores cyrus_sasl_config_path; others use it.
  assert.deepEqual(paths('cyrus_sasl_config_path = /opt/sasl:/etc/sasl2\nsmtpd_sasl_path = postfix\n', CYRUS, true)[0]![1], ['/etc/postfix/sasl/postfix.conf', '/usr/lib/sasl/postfix.conf']);
  assert.deepEqual(paths('cyrus_sasl_config_path = /opt/sasl:/etc/sasl2\n', CYRUS, false), [['cyrus', ['/opt/sasl/smtpd.conf', '/etc/sasl2/smtpd.conf'], undefined, 'cyrus_sasl_config_path']]);
  assert.deepEqual(paths('', CYRUS, undefined), [['cyrus', LIBSASL2_DIRS.map((d) => `${d}/smtpd.conf`), undefined, 'libsasl2']]);
  // SASL off, port 25: nothing to look for.
  assert.deepEqual(paths('smtpd_sasl_auth_enable = yes\n', 'smtp inet n - y - - smtpd\n', true), []);
  assert.deepEqual(saslBackendPaths(analyze('', DOVECOT('private/auth') + DOVECOT('private/auth').replace('submission', 'smtps')), true), ['/var/spool/postfix', '/var/spool/postfix/private/auth']);
});

test('Dovecot: a socket is fine; missing or not a socket is a warning on the service line; what could not be looked at is information', () => {
  const a = analyze('', `smtp inet n - y - - smtpd\n${DOVECOT('private/auth')}`);
  const q = '/var/spool/postfix';
  assert.deepEqual(found(a, { [q]: 'directory', [`${q}/private/auth`]: 'socket' }), []);
  const missing = found(a, { [q]: 'directory', [`${q}/private/auth`]: 'missing' });
  assert.deepEqual(missing.map((f) => [f.line, f.service, f.severity]), [[2, 'submission/inet', 'warning']]);
  assert.match(missing[0]!.message, /^submission\/inet authenticates through Dovecot \(smtpd_sasl_type = dovecot\), but its auth socket \/var\/spool\/postfix\/private\/auth does not exist \(smtpd_sasl_path = private\/auth\): smtpd cannot connect to it and stops on every connection/);
  assert.match(found(a, { [q]: 'directory', [`${q}/private/auth`]: 'file' })[0]!.message, /is not a socket \(it is a file\)/);
  // A copy of /etc/postfix on a machine without the queue directory, or a check not run as root.
  const laptop = found(a, { [q]: 'missing', [`${q}/private/auth`]: 'missing' });
  assert.deepEqual(laptop.map((f) => f.severity), ['information']);
  assert.match(laptop[0]!.message, /was not checked: the queue directory \/var\/spool\/postfix does not exist on this machine\. If this is a copy/);
  const denied = found(a, { [q]: 'directory', [`${q}/private/auth`]: 'no-access' });
  assert.deepEqual(denied.map((f) => f.severity), ['information']);
  assert.match(denied[0]!.message, /cannot be searched by the user running the check \(permission denied\)/);
});

test('Cyrus: smtpd.conf found in any directory of the search path is fine; none is a warning that does not overstate', () => {
  const a = analyze('', CYRUS);
  const debian = { '/etc/postfix': 'directory', '/etc/postfix/sasl/smtpd.conf': 'missing', '/usr/lib/sasl/smtpd.conf': 'missing' } as const;
  const f = found(a, debian, true);
  assert.deepEqual(f.map((x) => x.severity), ['warning']);
  assert.match(f[0]!.message, /there is no smtpd\.conf in \/etc\/postfix\/sasl or \/usr\/lib\/sasl \(the search path of Debian's smtpd\): libsasl2 falls back to its defaults, checking passwords in the sasldb2 database/);
  assert.doesNotMatch(f[0]!.message, /every login fails/);
  assert.deepEqual(found(a, { ...debian, '/usr/lib/sasl/smtpd.conf': 'file' }, true), []);
  // Found only where Debian's smtpd does not look: still a warning.
  assert.equal(found(analyze('', CYRUS), { ...debian, '/etc/sasl2/smtpd.conf': 'file' }, true).length, 1);
  // libsasl2's own path is not known here: information, whatever was found missing.
  const lib = Object.fromEntries(LIBSASL2_DIRS.map((d) => [`${d}/smtpd.conf`, 'missing' as const]));
  assert.deepEqual(found(a, lib).map((x) => x.severity), ['information']);
  assert.deepEqual(found(a, { ...lib, '/usr/lib/sasl2/smtpd.conf': 'file' }), []);
});

test('no facts (an untrusted workspace), no master.cf: nothing is said', () => {
  const a = analyze('', DOVECOT('private/auth'));
  assert.deepEqual(runRules(a).filter((f) => f.code === 'sasl-backend-missing'), []);
  assert.deepEqual(found(analyze('smtpd_sasl_auth_enable = yes\nsmtpd_sasl_type = dovecot\n', null), { '/var/spool/postfix': 'directory' }), []);
});
