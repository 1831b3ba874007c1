// postfix-lens check reports what postconf warns about (or stops on): database client configuration
// files that are missing, unreadable, misspelt or badly written; braces that do not balance; a
// <level comparison with no level; read-only names assigned. And malformed-override judges
// master.cf arguments as the daemon reads them: the words after pipe's argv= are the command's own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

interface Diagnostic {
  code: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  name: string | null;
  file: string;
  service?: string;
}

/** A directory with main.cf, master.cf and `files`; "@DIR@" in any text stands for the directory. */
function dir(main: string, master = '', files: Record<string, string> = {}): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-check-'));
  const fill = (t: string) => t.split('@DIR@').join(d);
  fs.writeFileSync(path.join(d, 'main.cf'), fill(main));
  fs.writeFileSync(path.join(d, 'master.cf'), fill(master));
  for (const [name, text] of Object.entries(files)) {
    if (text === 'dir') fs.mkdirSync(path.join(d, name));
    else if (text === 'fifo') execFileSync('mkfifo', [path.join(d, name)]);
    else fs.writeFileSync(path.join(d, name), fill(text));
  }
  return d;
}

function check(d: string, ...extra: string[]): { status: number; diagnostics: Diagnostic[] } {
  const r = runCli(['check', '--json', '--no-certificates', ...extra, d], { timeout: 20_000 });
  return { status: r.status, diagnostics: JSON.parse(r.stdout.toString()).diagnostics };
}

const only = (ds: Diagnostic[], ...codes: string[]) => ds.filter((x) => codes.includes(x.code));

test('a table configuration file that does not exist: a warning in the directory checked, information outside it', () => {
  const d = dir('virtual_alias_maps = mysql:@DIR@/mysql-virtual.cf, mysql:/nonexistent/postfix/mysql-aliases.cf\n');
  const r = check(d);
  assert.equal(r.status, 0);
  const found = only(r.diagnostics, 'table-config-missing');
  assert.deepEqual(found.map((x) => [x.severity, x.line, x.column, x.name]), [
    ['warning', 1, 22, 'virtual_alias_maps'],
    ['information', 1, 22 + `mysql:${d}/mysql-virtual.cf, `.length, 'virtual_alias_maps'],
  ]);
  assert.match(found[0].message, /does not exist.*Every lookup in this table fails/);
  assert.match(found[1].message, /outside the directory being checked/);
});

test('unknown names in a table configuration file, with a did-you-mean; every database type', () => {
  const d = dir(
    'virtual_alias_maps = proxy:mysql:@DIR@/my.cf\nvirtual_mailbox_maps = ldap:@DIR@/ld.cf\nsender_canonical_maps = pgsql:@DIR@/pg.cf\n' +
      'recipient_canonical_maps = sqlite:@DIR@/sq.cf\nrelocated_maps = memcache:@DIR@/mc.cf\n',
    '',
    {
      'my.cf': 'hots = db\nuser = u\npassword = p\ndbname = d\nquery = SELECT 1\n',
      'ld.cf': 'server_host = x\nsearch_base = dc=x\nbind_pww = s\n',
      'pg.cf': 'hosts = x\nquery = q\ndbnme = d\n',
      'sq.cf': 'dbpath = /x\nquery = q\nquerry = r\n',
      'mc.cf': 'memcache = inet:x:1\nttl = 3\nflagz = 1\n',
    },
  );
  const found = only(check(d).diagnostics, 'table-config-unknown-parameter');
  assert.deepEqual(
    found.map((x) => [x.line, x.severity, /sets (\S+)/.exec(x.message)?.[1], /Did you mean (\S+)\?/.exec(x.message)?.[1]]),
    [
      [1, 'warning', 'hots', 'hosts'],
      [2, 'warning', 'bind_pww', 'bind_pw'],
      [3, 'warning', 'dbnme', 'dbname'],
      [4, 'warning', 'querry', 'query'],
      [5, 'warning', 'flagz', 'flags'],
    ],
  );
});

test('a table configuration file that is a directory, a device or a FIFO: an error, read without blocking', () => {
  const d = dir('virtual_alias_maps = mysql:@DIR@/adir, mysql:/dev/null, mysql:@DIR@/fifo\n', '', { adir: 'dir', fifo: 'fifo' });
  const r = check(d);
  assert.equal(r.status, 1);
  assert.deepEqual(only(r.diagnostics, 'table-config-unreadable').map((x) => x.severity), ['error', 'error', 'error']);
});

test('how a table configuration file is written: indented first line, a name twice, a line without "="', () => {
  const d = dir('virtual_alias_maps = mysql:@DIR@/bad.cf\n', '', { 'bad.cf': '  indented = 1\nhosts = a\nhosts = b\nthis is not a setting\n' });
  const r = check(d);
  assert.equal(r.status, 1, 'postconf stops on the line without "="');
  assert.deepEqual(
    only(r.diagnostics, 'table-config-syntax').map((x) => [x.severity, /line (\d+)/.exec(x.message)?.[1]]),
    [
      ['warning', '1'],
      ['warning', '3'],
      ['error', '4'],
    ],
  );
});

test('braces that do not balance in a value, in an -o and in another master.cf argument', () => {
  const d = dir('smtpd_recipient_restrictions = {permit_mynetworks}x, reject\n', 'smtp inet n - y - - smtpd -o { smtpd_banner = hi\nspam unix - n n - - pipe user=x argv=/bin/x {a}b\n');
  const r = check(d);
  assert.deepEqual(
    only(r.diagnostics, 'syntax-error', 'malformed-override', 'master-cf-syntax').map((x) => [x.code, x.severity, x.file.endsWith('master.cf') ? 'master.cf' : 'main.cf', x.line]),
    [
      ['syntax-error', 'warning', 'main.cf', 1],
      ['malformed-override', 'error', 'master.cf', 1],
      ['master-cf-syntax', 'error', 'master.cf', 2],
    ],
  );
  assert.match(r.diagnostics[0].message, /braces in this value do not balance/);
});

test('a <level comparison with something that is not a compatibility level: an error, as postconf stops', () => {
  const d = dir('x = 3.x\nrelayhost = ${{$x} <level {2} ? {[relay.example.com]} : {}}\n');
  const r = check(d);
  assert.equal(r.status, 1);
  const e = only(r.diagnostics, 'syntax-error');
  assert.equal(e.length, 1);
  assert.equal(e[0].line, 2);
  assert.match(e[0].message, /not a compatibility level.*"3\.x"/);
});

test('read-only names assigned in main.cf and master.cf', () => {
  const d = dir('process_name = mailer\nservice_name = x\n', 'smtp inet n - y - - smtpd -o process_id=5\n');
  const found = only(check(d).diagnostics, 'read-only-parameter');
  assert.deepEqual(found.map((x) => [x.name, x.line, x.severity, x.service ?? null]), [
    ['process_name', 1, 'warning', null],
    ['service_name', 2, 'warning', null],
    ['process_id', 1, 'warning', 'smtp/inet'],
  ]);
});

test('malformed-override: the words after pipe argv= belong to the command; elsewhere, as the daemon reads them', () => {
  const master = [
    // The standard SpamAssassin and Dovecot pipes: -oi and -f are sendmail's and deliver's own options.
    'spamassassin unix - n n - - pipe',
    '  user=spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}',
    'dovecot unix - n n - - pipe flags=DRhu user=vmail:vmail argv=/usr/lib/dovecot/deliver -f ${sender} -d ${recipient} -o x=y',
    'policy unix - n n - 0 spawn user=nobody ARGV=/usr/bin/policyd -o a=b',
    // Before argv=, pipe reads -o as an attribute and stops.
    'bad unix - n n - - pipe flags=R -o a=b argv=/bin/true',
    // smtpd stops on any argument after its options; smtp ignores them; an unknown command: nothing known.
    'sub inet n - y - - smtpd extra -o smtpd_banner=x',
    'out unix - - n - - smtp extra -o smtp_helo_name=x',
    'x unix - n n - - /usr/local/bin/filter extra -o a=b',
  ].join('\n') + '\n';
  const found = only(check(dir('', master)).diagnostics, 'malformed-override');
  assert.deepEqual(found.map((x) => [x.service, x.severity]), [
    ['bad/unix', 'error'],
    ['sub/inet', 'error'],
    ['out/unix', 'warning'],
  ]);
  assert.match(found[0].message, /unknown attribute name: -o/);
  assert.match(found[1].message, /unexpected command-line argument: extra/);
  assert.match(found[2].message, /ignores it/);
});
