// Database client configuration files in the core: which ones the model asks for (as
// postconf_dbms.c reads them), and what it does with what the caller read (the texts are data).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, runRules } from '../../../server/src/core/validate';
import { runPostconf } from '../../../server/src/core/config/postconf-output';
import type { TableConfigFile } from '../../../server/src/core/config/postconf-model';

const FLAGS = { nonDefault: true, expand: false, masterParams: false, defaults: false, names: [] };

test('the files postconf reads: absolute paths of the five database types, through proxy:, once per type and path', () => {
  const main =
    'virtual_alias_maps = mysql:/a.cf, proxy:pgsql:/b.cf, mysql:/a.cf, hash:/c.cf, mysql:rel.cf, mysql:./dot.cf, ldap:/d.cf\n' +
    'foo = mysql:/unused-parameter.cf\nsmtpd_recipient_restrictions = {check_client_access sqlite:/e.cf}, memcache:${config_directory}/f.cf\n';
  const a = analyzeConfig(main, 'smtp inet n - y - - smtpd -o transport_maps=mysql:/g.cf\n', { configDir: '/etc/postfix', tableConfigFiles: new Map() });
  assert.deepEqual([...a.model.tableConfigWanted].sort(), ['/a.cf', '/b.cf', '/d.cf', '/e.cf', '/etc/postfix/f.cf', '/g.cf']);
  // Without the map, no file is asked for or reported.
  assert.deepEqual([...analyzeConfig(main, null).model.tableConfigWanted], []);
});

test('a file that may not be read: information for check, nothing from postconf', () => {
  const files = new Map<string, TableConfigFile>([['/etc/postfix/my.cf', { ok: false, code: 'EACCES', message: 'Permission denied' }]]);
  const a = analyzeConfig('virtual_alias_maps = mysql:/etc/postfix/my.cf\n', null, { tableConfigFiles: files });
  const f = runRules(a).filter((x) => x.code.startsWith('table-config'));
  assert.deepEqual(f.map((x) => [x.code, x.severity]), [['table-config-unreadable', 'information']]);
  assert.match(f[0].message, /permission denied/);
  assert.deepEqual(runPostconf(a.model, FLAGS).stderr, []);
});

test('the same file for two types is read twice; one type twice, once', () => {
  const files = new Map<string, TableConfigFile>([['/x.cf', { ok: true, text: 'hosts = a\nfoo = 1\n' }]]);
  const a = analyzeConfig('virtual_alias_maps = mysql:/x.cf, mysql:/x.cf\nrelay_domains = pgsql:/x.cf\n', null, { tableConfigFiles: files });
  assert.deepEqual(
    runPostconf(a.model, FLAGS).stderr.map((l) => l.text),
    ['warning: mysql:/x.cf: unused parameter: foo=1', 'warning: pgsql:/x.cf: unused parameter: foo=1'],
  );
});

test('printable(): what postconf prints of bytes that are not printable ASCII', () => {
  // Text decoded one character per byte: Latin-1 é is one byte, UTF-8 é two, a control character one.
  const a = analyzeConfig('foo = caf\u00e9 caf\u00c3\u00a9 a\u0001b\tc\n', null);
  assert.deepEqual(runPostconf(a.model, FLAGS).stderr.map((l) => l.text), ['warning: /etc/postfix/main.cf: unused parameter: foo=caf? caf?? a?b?c']);
});
