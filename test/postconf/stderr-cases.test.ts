// Hand-written configurations for each kind of warning postconf prints, against the real postconf:
// the same stdout, stderr (after the program name) and exit status, for several flag sets. "@DIR@"
// stands for the configuration directory, where `files` are created (database client
// configuration files, a directory where a file is expected).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { makeConfigDirFrom, needPostconf, pool, runPostconfAsync } from '../helpers/postconf';
import { matchPostconf } from '../helpers/postconf-stderr';

interface Case {
  name: string;
  /** null: no such file. */
  main: string | Buffer | null;
  master?: string | Buffer | null;
  /** Files to create in the directory: text, or "dir" for a directory. */
  files?: Record<string, string | Buffer>;
  flags?: string[][];
}

const DEFAULT_FLAGS = [['-n'], ['-n', '-x'], ['-P'], ['-P', '-x'], []];
const MYSQL_OK = 'hosts = db.example.com\nuser = postfix\npassword = secret\ndbname = mail\nquery = SELECT 1\n';

const CASES: Case[] = [
  // Database client configuration files.
  { name: 'mysql: file that does not exist', main: 'virtual_alias_maps = mysql:@DIR@/missing.cf\n' },
  {
    name: 'every database type: unknown names in the file, known ones not',
    main:
      'virtual_alias_maps = mysql:@DIR@/my.cf\nvirtual_mailbox_maps = proxy:pgsql:@DIR@/pg.cf\nsender_canonical_maps = ldap:@DIR@/ld.cf\n' +
      'recipient_canonical_maps = sqlite:@DIR@/sq.cf\nsmtpd_sender_login_maps = memcache:@DIR@/mc.cf\n',
    files: {
      'my.cf': MYSQL_OK + 'hots = typo\n',
      'pg.cf': 'hosts = x\nquery = SELECT 2\nbogus = 1\n',
      'ld.cf': 'server_host = ldap://x\nsearch_base = dc=x\nquery_filter = mail=%s\nresult_attribute = maildrop\nbind_pw = s\nfoo = bar\n',
      'sq.cf': 'dbpath = /var/lib/x.sqlite\nquery = SELECT 3\nhosts = nope\n',
      'mc.cf': 'memcache = inet:localhost:11211\nbackup = hash:/etc/x\nquery = nope\n',
    },
  },
  {
    name: 'a file named twice is read once; by two types, twice; relative and ./ names are not files',
    main:
      'virtual_alias_maps = mysql:@DIR@/a.cf, mysql:@DIR@/a.cf\nvirtual_mailbox_maps = pgsql:@DIR@/a.cf\n' +
      'transport_maps = mysql:relative.cf, mysql:./dot.cf, hash:@DIR@/a.cf\n',
    files: { 'a.cf': MYSQL_OK + 'extra = 1\n' },
  },
  {
    name: 'a file through $config_directory and through a braced list, and in a master.cf -o',
    main: 'virtual_alias_maps = mysql:$config_directory/v.cf\nsmtpd_recipient_restrictions = {check_recipient_access mysql:@DIR@/r.cf}, permit\n',
    master: 'smtp inet n - y - - smtpd\n  -o smtpd_sender_restrictions=check_sender_access,mysql:@DIR@/m.cf\n',
    files: { 'v.cf': MYSQL_OK + 'x1 = 1\n', 'r.cf': MYSQL_OK + 'x2 = 2\n', 'm.cf': MYSQL_OK + 'x3 = 3\n' },
  },
  {
    name: 'a directory and a device where the file should be',
    main: 'virtual_alias_maps = mysql:@DIR@/adir\nvirtual_mailbox_maps = mysql:/dev/null\n',
    files: { adir: 'dir' },
  },
  {
    name: 'the file as postconf reads it: first line indented, a name twice, then a line without "="',
    main: 'virtual_alias_maps = mysql:@DIR@/bad.cf\n',
    files: { 'bad.cf': '  indented = 1\nhosts = a\nhosts = b\nuser = u\nthis line has no equals sign\nmore = 1\n' },
  },
  { name: 'a file whose names are all known', main: 'virtual_alias_maps = mysql:@DIR@/ok.cf\n', files: { 'ok.cf': MYSQL_OK } },

  // Brace syntax.
  {
    name: 'braces in main.cf values that postconf scans for tables',
    main: 'smtpd_recipient_restrictions = {permit_mynetworks}x, permit\nrelay_domains = {example.com\nvirtual_alias_maps = mysql:{x\nfoo = {a}b\n',
  },
  {
    name: 'braces in master.cf: -o { } and other arguments',
    master:
      'smtp inet n - y - - smtpd -o { smtpd_banner = hi }x\nsub inet n - y - - smtpd -o {smtpd_banner = unclosed\n' +
      'a unix - - n - - smtpd -o { =value }\nb unix - - n - - smtpd -o { justname }\nc unix - - n - - pipe flags=R argv=/bin/x {unclosed\n' +
      'd unix - - n - - pipe argv=/bin/x {a}b\n',
    main: 'myhostname = mail.example.com\n',
  },
  { name: 'braces in a master.cf -o that names a table', master: 'smtp inet n - y - - smtpd -o virtual_alias_maps={x\n', main: '' },

  // readllines().
  { name: 'main.cf: first logical line starts with whitespace', main: '  myhostname = a.example.com\n  more text here to pass thirty\nmydomain = example.com\n' },
  { name: 'main.cf: a short indented first line, after comments', main: '# comment\n\n\tfoo=1\nbar = 2\n' },
  { name: 'master.cf: first line starts with whitespace', master: ' smtp inet n - y - - smtpd\nsmtp inet n - y - - smtpd\n', main: 'x = 1\n' },
  { name: 'an indented line with a NUL byte', main: Buffer.from('  a = b\u0000cdefghijklmnopqrstuvwxyz0123456789\nc = d\n', 'latin1') },

  // Nesting.
  { name: 'a loop that postconf expands', main: 'a = $b\nb = $a\nmyhostname = $a\n' },
  { name: 'a chain of 120 names', main: Array.from({ length: 120 }, (_, i) => `n${i} = $n${i + 1}\n`).join('') + 'n120 = end\nrelayhost = $n0\n' },
  { name: 'a loop referred to by -o in master.cf', main: 'a = $b\nb = $a\n', master: 'smtp inet n - y - - smtpd -o smtpd_banner=$a\n' },

  // Compatibility levels.
  { name: 'compatibility_level that is not a level', main: 'compatibility_level = abc\n' },
  { name: 'compatibility_level with four numbers', main: 'compatibility_level = 3.6.1.2\n' },
  { name: 'a <level comparison with a bad operand', main: 'relayhost = ${{abc} <level {2} ? {a} : {b}}\n' },
  { name: 'a <level comparison through another name', main: 'x = 3.x\nrelayhost = ${{$x} >=level {2} ? {a} : {b}}\n' },

  // Read-only names.
  { name: 'read-only parameters assigned', main: 'process_name = x\nprocess_id = 12\nservice_name = s\nmyhostname = h.example.com\n' },
  { name: 'read-only parameters in master.cf -o', main: '', master: 'smtp inet n - y - - smtpd -o process_name=x -o service_name=y\n' },

  // Warnings printed twice (scan, then expansion of a built-in value).
  { name: 'truncated macro reference', main: 'relayhost = ${a\n' },
  { name: '":" expected', main: 'relayhost = ${a?{b}x}\n' },
  { name: 'unexpected input', main: 'relayhost = ${a:{b}x}\n' },
  { name: 'bad operator suffix', main: 'relayhost = ${{a} ==x {b}}\n' },
  { name: 'relational operator expected', main: 'relay_domains = ${{a} =~ {b}}\n' },
  { name: 'empty macro name', main: 'relayhost = $\n' },
  { name: 'attribute name syntax error', main: 'relayhost = ${a b}\n' },
  { name: 'unbalanced {} in an expression', main: 'relayhost = ${a?{b}\n' },
  { name: 'a syntax error in a name postconf does not know', main: 'foo = ${a\nbar = $(b\n' },
  { name: 'a syntax error in mydomain, evaluated early', main: 'mydomain = ${a\n' },
  { name: 'a syntax error in smtpd_restriction_classes', main: 'smtpd_restriction_classes = ${a\n' },
  // The scan prints a syntax warning where it finds it, between the undefined names before and after.
  { name: 'a syntax error in a left operand, then an undefined name in the right one', main: 'relayhost = ${{$} == {$undefined_x}}\n' },
  {
    name: 'the same in a master.cf -o',
    main: '',
    master: 'smtp inet n - y - - smtpd -o { smtpd_banner = ${{$ $a} >= {$b $undefined_y} ? {x} : {y}} }\n',
  },

  // Bytes postconf does not print.
  { name: 'Latin-1, UTF-8 and control characters in warnings', main: Buffer.from('foo = caf\u00e9 x\u00e9y \u0001z\u007f\ny = \u00c3\u00a9t\u00c3\u00a9\n', 'latin1') },
  { name: 'a tab and a carriage return in a whitespace warning', main: Buffer.from('\t\u00e9a = b\r\nb = c\r\n', 'latin1') },
  { name: 'a Latin-1 name in an undefined reference', main: Buffer.from('relayhost = ${caf\u00e9}\n', 'latin1') },

  // master.cf first with -P.
  { name: 'fatal errors in both files', main: 'this line has no equals\n', master: 'smtp inet n - y - - smtpd\nbad line\n' },
  { name: 'both files missing', main: null, master: null, flags: [['-n'], ['-P'], ['-d']] },
  { name: 'master.cf missing', main: 'a = 1\n', master: null, flags: [['-n'], ['-P'], ['-d']] },
  { name: 'warnings of both files', main: 'a = 1\na = 2\n', master: ' x\nsmtp inet n - y - - smtpd -o {a\n' },
  { name: 'master.cf fatal after its warnings', main: 'relayhost = ${a\n', master: 'smtp inet n - y - - smtpd -o {a\nsmtp inet q - y - - smtpd\n' },
];

test('postconf warnings, case by case: stdout, stderr and exit status as postconf', { timeout: 10 * 60_000 }, async (t) => {
  if (!needPostconf(t)) return;
  const jobs: { c: Case; dir: string; flags: string[] }[] = [];
  const dirs: string[] = [];
  for (const c of CASES) {
    const dir = makeConfigDirFrom(c);
    dirs.push(dir);
    for (const flags of c.flags ?? DEFAULT_FLAGS) jobs.push({ c, dir, flags });
  }
  try {
    const real = await pool(jobs, 12, (j) => runPostconfAsync(j.dir, j.flags));
    const failures: string[] = [];
    for (let k = 0; k < jobs.length; k++) {
      const { c, dir, flags } = jobs[k];
      const r = await matchPostconf(dir, flags, real[k]);
      if (r.problem) failures.push(`${c.name} (postconf ${flags.join(' ')}): ${r.problem}`);
    }
    assert.deepEqual(failures, []);
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
