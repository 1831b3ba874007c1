// One settings schema: package.json's contributes.configuration and the server's defaults list the
// same settings with the same defaults, and an invalid value falls back to its default with a warning.
// Which program runs is the machine's choice, never a workspace's: postconfPath is absolute or nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/lsp/settings';
import { LspClient } from '../helpers/lsp-client';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));

test('package.json and the server agree on every setting and its default', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const fromPackage = Object.fromEntries(Object.entries(props).map(([k, v]) => [k.replace(/^postfixLens\./, ''), v.default]));
  assert.deepEqual(fromPackage, DEFAULT_SETTINGS);
});

test('invalid values fall back to their defaults, each with a warning that names the setting', () => {
  const { settings, warnings } = readSettings({
    hostnames: 'smtp.example.com',
    expiryWarningDays: -3,
    severity: { 'unknown-parameter': 'loud', 'cert-expired': 'warning' },
    postfixVersion: 'latest',
  });
  assert.deepEqual(settings.hostnames, []);
  assert.equal(settings.expiryWarningDays, 30);
  assert.deepEqual({ ...settings.severity }, { 'cert-expired': 'warning' });
  assert.equal(Object.getPrototypeOf(settings.severity), null, 'keyed by what the user typed: no prototype');
  assert.equal(settings.postfixVersion, '');
  assert.equal(warnings.length, 4);
  for (const w of warnings) assert.match(w, /^postfixLens\.\w+.*using the default$/);
});

test('a warning never repeats a workspace key that is not shaped like a code (notifications render links)', () => {
  const { warnings } = readSettings({ severity: { '[run](command:workbench.action.terminal.new)\u202e': 'loud', 'cert-expired': 'loud' } });
  assert.deepEqual(warnings, [
    'postfixLens.severity (a key that is no finding code): expected one of error, warning, information, hint, off; using the default',
    'postfixLens.severity.cert-expired: expected one of error, warning, information, hint, off; using the default',
  ]);
});

test('valid values are taken as given', () => {
  const { settings, warnings } = readSettings({ hostnames: [' smtp.example.com '], expiryWarningDays: 14, postfixVersion: '3.9' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(settings.hostnames, ['smtp.example.com']);
  assert.equal(settings.expiryWarningDays, 14);
  assert.equal(settings.postfixVersion, '3.9');
});

test('postconfPath is a machine setting that an untrusted workspace cannot use', () => {
  const prop = pkg.contributes.configuration.properties['postfixLens.postconfPath'];
  assert.equal(prop.scope, 'machine', 'a workspace must not choose which program runs');
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('postfixLens.postconfPath'));
  const { settings, warnings } = readSettings({ postconfPath: './postconf' });
  assert.equal(settings.postconfPath, '');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^postfixLens\.postconfPath: .*absolute.*using the default$/);
  assert.equal(readSettings({ postconfPath: '/usr/sbin/postconf' }).settings.postconfPath, '/usr/sbin/postconf');
});

/** A "postconf" in `file` that leaves a mark in `marker` each time it runs. */
function markingPostconf(file: string, marker: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho "$0" >> '${marker}'\necho 'mail_version = 3.8.1'\n`, { mode: 0o755 });
}

test('over JSON-RPC: a relative postconfPath is refused with a warning and nothing in the folder runs', { timeout: 90_000 }, async () => {
  // The server's working directory is a folder (a cloned repository) that holds programs named
  // postconf; $PATH has relative entries ("", ".", "bin") that would find them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-postconf-path-'));
  const marker = path.join(dir, 'postconf-ran');
  markingPostconf(path.join(dir, 'postconf'), marker);
  markingPostconf(path.join(dir, 'bin', 'postconf'), marker);
  const env = { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), PATH: ['', '.', 'bin', process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter) };
  const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();

  const open = async (postconfPath: string): Promise<LspClient> => {
    const client = new LspClient(['--stdio'], undefined, { cwd: dir, env });
    await client.initialize({ postconfPath });
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_relay_restrictons = permit\n');
    // The analysis behind these diagnostics is where postconf would have run.
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-parameter'));
    return client;
  };
  for (const relative of ['postconf', './postconf', 'bin/postconf', '../' + path.basename(dir) + '/postconf']) {
    const client = await open(relative);
    try {
      assert.equal(fs.existsSync(marker), false, `${relative}: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''} ran`);
      const warning = client.shownMessages.find((m) => m.message.startsWith('postfixLens.postconfPath'));
      assert.ok(warning, `${relative}: a warning; got ${JSON.stringify(client.shownMessages)}`);
      assert.equal(warning.type, 2, 'a warning');
      assert.match(warning.message, /absolute path/);
    } finally {
      await client.shutdown();
    }
  }
  // The empty setting searches $PATH, but none of its relative entries.
  const searched = await open('');
  await searched.shutdown();
  assert.equal(fs.existsSync(marker), false, 'a relative $PATH entry was searched');
  assert.deepEqual(searched.shownMessages, []);

  // The same program by its absolute path runs: the test sees a run when there is one.
  const absolute = await open(path.join(dir, 'postconf'));
  await absolute.shutdown();
  assert.equal(fs.existsSync(marker), true, 'the absolute path was not run');
});

test('the DNS settings: nested as VS Code sends them, or flat; a bad resolver refused without repeating hidden characters', () => {
  const nested = readSettings({ dns: { enabled: true, resolver: ' [::1]:5353 ', domains: [' example.org ', ''] } });
  assert.deepEqual(nested.warnings, []);
  assert.equal(nested.settings['dns.enabled'], true);
  assert.equal(nested.settings['dns.resolver'], '[::1]:5353');
  assert.deepEqual(nested.settings['dns.domains'], ['example.org']);
  assert.equal(readSettings({ 'dns.resolver': '192.0.2.53' }).settings['dns.resolver'], '192.0.2.53');
  const bad = readSettings({ dns: { enabled: 'yes', resolver: 'ns.example.com\u202e', domains: ['a b'] } });
  assert.deepEqual([bad.settings['dns.enabled'], bad.settings['dns.resolver'], bad.settings['dns.domains']], [false, '', []]);
  assert.deepEqual(bad.warnings, [
    'postfixLens.dns.enabled: expected true or false; using the default',
    'postfixLens.dns.resolver: expected an address such as 127.0.0.1 or [::1]:5353; using the default',
    'postfixLens.dns.domains: expected a list of domain names; using the default',
  ]);
  assert.match(readSettings({ dns: { resolver: '127.0.0.1:99999' } }).warnings[0]!, /^postfixLens\.dns\.resolver: "99999" is not a TCP port/);
});

test('the DNS check is never run by itself unless asked: postfixLens.dns.enabled defaults to off', () => {
  assert.equal(DEFAULT_SETTINGS['dns.enabled'], false);
  assert.equal(pkg.contributes.configuration.properties['postfixLens.dns.enabled'].default, false);
});
