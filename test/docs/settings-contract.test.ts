// Every setting is wired through from end to end, in both directions: package.json's schema, the
// server's reading of it (lsp/settings.ts takes a valid value as given and refuses a wrong one with
// a warning naming the setting), the README's settings table, and, for what the check does, the
// command line's flag (parsed by check, in its usage and in the README's options table). A setting
// added in one place and forgotten in another fails here (ARCHITECTURE.md: "How to add a setting").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../../server/src/lsp/settings';
import { CHECK_OPTIONS } from '../../server/src/cli/check-command';
import { commandUsage } from '../../server/src/cli/usage';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const properties = Object.keys(pkg.contributes.configuration.properties as Record<string, unknown>).map((k) => k.replace(/^postfixLens\./, ''));

/**
 * Per setting: a valid value other than the default (as the server keeps it), one it must refuse,
 * and the flag of `postfix-lens check` that does the same on the command line.
 */
const CONTRACT: Record<keyof Settings, { valid: unknown; invalid: unknown; flag: string }> = {
  hostnames: { valid: ['smtp.example.com'], invalid: 'smtp.example.com', flag: 'hostname' },
  extraCaFile: { valid: '/etc/ssl/private-ca.pem', invalid: 42, flag: 'ca-file' },
  expiryWarningDays: { valid: 14, invalid: -1, flag: 'expiry-days' },
  severity: { valid: { 'crlf-line-endings': 'off' }, invalid: { 'crlf-line-endings': 'loud' }, flag: 'severity' },
  postconfPath: { valid: '/usr/sbin/postconf', invalid: 'postconf', flag: 'postconf' },
  postfixVersion: { valid: '3.8', invalid: 'latest', flag: 'postfix-version' },
  'dns.enabled': { valid: true, invalid: 'yes', flag: 'dns' },
  'dns.resolver': { valid: '127.0.0.1:5353', invalid: 'resolver.example.com', flag: 'resolver' },
  'dns.domains': { valid: ['example.org'], invalid: ['not a domain'], flag: 'domain' },
};

test('package.json, the server\'s defaults and this contract name the same settings', () => {
  assert.deepEqual([...properties].sort(), Object.keys(DEFAULT_SETTINGS).sort());
  assert.deepEqual(Object.keys(CONTRACT).sort(), Object.keys(DEFAULT_SETTINGS).sort(), 'a setting without its entry in CONTRACT: add its values and CLI flag here');
});

test('the server reads every setting: a valid value is taken as given, a wrong one refused with a warning naming it', () => {
  for (const [key, c] of Object.entries(CONTRACT) as [keyof Settings, (typeof CONTRACT)[keyof Settings]][]) {
    assert.notDeepEqual(c.valid, DEFAULT_SETTINGS[key], `${key}: the sample value is the default`);
    // (JSON: the severity object has no prototype, so it is compared as the text it stands for.)
    const good = readSettings({ [key]: c.valid });
    assert.deepEqual(good.warnings, [], `${key}: ${JSON.stringify(c.valid)} refused`);
    assert.equal(JSON.stringify(good.settings[key]), JSON.stringify(c.valid), `${key}: the value read is not the value given`);
    const bad = readSettings({ [key]: c.invalid });
    assert.equal(JSON.stringify(bad.settings[key]), JSON.stringify(DEFAULT_SETTINGS[key]), `${key}: a wrong value is not replaced by the default`);
    assert.ok(bad.warnings.some((w) => w.startsWith(`postfixLens.${key}`)), `${key}: no warning names it (${bad.warnings.join('; ')})`);
  }
});

test('the README\'s settings table lists every setting, and no other', () => {
  const rows = [...readme.matchAll(/^\| `postfixLens\.([\w.]+)` \|/gm)].map((m) => m[1]!);
  assert.deepEqual([...rows].sort(), Object.keys(DEFAULT_SETTINGS).sort());
});

test('every setting of the check has its command-line flag: parsed by check, in its usage and in the README', () => {
  const usage = commandUsage('check');
  const documented = [...readme.matchAll(/^\| `--([a-z-]+)[ `]/gm)].map((m) => m[1]!);
  for (const [key, c] of Object.entries(CONTRACT)) {
    assert.ok(CHECK_OPTIONS.longValued?.includes(c.flag) || CHECK_OPTIONS.longFlags?.includes(c.flag), `${key}: check does not take --${c.flag}`);
    assert.match(usage, new RegExp(`--${c.flag}\\b`), `${key}: check's usage does not describe --${c.flag}`);
    assert.ok(documented.includes(c.flag), `${key}: the README's options table has no --${c.flag}`);
  }
});
