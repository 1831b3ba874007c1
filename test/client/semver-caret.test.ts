// The two semver functions the client bundle carries instead of semver (client/src/semver-caret.ts)
// give semver's answers for what vscode-languageclient asks: VS Code's version against its range.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parse, satisfies } from '../../client/src/semver-caret';

const ROOT = path.resolve(__dirname, '..', '..');
// semver itself, as vscode-languageclient resolves it.
const fromClient = createRequire(require.resolve('vscode-languageclient/node'));
const semver = {
  parse: fromClient('semver/functions/parse') as (v: unknown) => { major: number; minor: number; patch: number; prerelease: (string | number)[]; version: string } | null,
  satisfies: fromClient('semver/functions/satisfies') as (v: unknown, range: string) => boolean,
};

const VERSIONS = [
  '1.100.3', '1.91.0', '1.90.2', '1.91.1', '2.0.0', '1.0.0', '0.91.0', '1.91.0-insider', '1.101.0-insider', 'v1.95.0', ' 1.95.0 ',
  '1.95.0+build.7', '1.95.0-alpha.1+b', '1.95', '1.95.0.1', '01.95.0', '1.095.0', 'x', '', '1.95.0-', '1.95.0-01', '1.95.0-0a.1',
  '99999999999999999999.0.0', '1.95.0-rc.1.2', '3.0.0', '1.91.0-0',
];

test('parse() agrees with semver', () => {
  for (const v of VERSIONS) {
    const ours = parse(v);
    const theirs = semver.parse(v);
    if (theirs === null) {
      assert.equal(ours, null, `parse(${JSON.stringify(v)})`);
      continue;
    }
    assert.ok(ours, `parse(${JSON.stringify(v)})`);
    const { major, minor, patch, prerelease, version } = theirs;
    assert.deepEqual(ours, { major, minor, patch, prerelease, version }, `parse(${JSON.stringify(v)})`);
  }
});

test("satisfies() agrees with semver on vscode-languageclient's range, as its check calls it", () => {
  const main = fs.readFileSync(require.resolve('vscode-languageclient/node'), 'utf8');
  const required = /const REQUIRED_VSCODE_VERSION = '([^']+)'/.exec(main)?.[1];
  assert.ok(required, 'vscode-languageclient/lib/node/main.js still names REQUIRED_VSCODE_VERSION');
  for (const range of [required, '^1.91.0', '^0.3.1', '^0.0.4', '^2.0.0']) {
    for (const v of [...VERSIONS, '0.3.1', '0.3.9', '0.4.0', '0.0.4', '0.0.5', '2.9.9']) {
      assert.equal(satisfies(v, range), semver.satisfies(v, range), `satisfies(${JSON.stringify(v)}, ${range})`);
      // The client's own sequence: parse, clear the prerelease, then satisfies.
      const ours = parse(v);
      const theirs = semver.parse(v);
      if (ours && theirs) {
        ours.prerelease = [];
        theirs.prerelease = [];
        assert.equal(satisfies(ours, range), semver.satisfies(theirs, range), `cleared ${JSON.stringify(v)}, ${range}`);
      }
    }
  }
  assert.throws(() => satisfies('1.95.0', '>=1.91.0'), /only \^major\.minor\.patch/);
});

test('the client bundle carries these instead of semver', () => {
  const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'client.js'), 'utf8');
  assert.match(bundle, /semver-caret: only/);
  assert.doesNotMatch(bundle, /SEMVER_SPEC_VERSION|Invalid comparator/);
});
