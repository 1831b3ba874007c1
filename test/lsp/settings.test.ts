// One settings schema: package.json's contributes.configuration and the server's defaults list the
// same settings with the same defaults, and an invalid value falls back to its default with a warning.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/lsp/settings';

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
  assert.equal(Object.getPrototypeOf(settings.severity), null, 'a code such as __proto__ is a key like any other');
  assert.equal(settings.postfixVersion, '');
  assert.equal(warnings.length, 4);
  for (const w of warnings) assert.match(w, /^postfixLens\.\w+.*using the default$/);
});

test('valid values are taken as given', () => {
  const { settings, warnings } = readSettings({ hostnames: [' smtp.example.com '], expiryWarningDays: 14, postfixVersion: '3.9' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(settings.hostnames, ['smtp.example.com']);
  assert.equal(settings.expiryWarningDays, 14);
  assert.equal(settings.postfixVersion, '3.9');
});
