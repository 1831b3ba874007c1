// Which postconf runs: only one named by an absolute path, or found in an absolute $PATH entry (or
// the usual places). A relative $PATH entry ("", ".", "bin") means the current directory, which for
// an editor is the folder it opened: a program there is never run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPostconf, loadInstallation } from '../../server/src/io/installation';

function withCwdAndPath<T>(cwd: string, pathEntries: string[], fn: () => T): T {
  const saved = { cwd: process.cwd(), path: process.env.PATH, cache: process.env.XDG_CACHE_HOME };
  process.chdir(cwd);
  process.env.PATH = pathEntries.join(path.delimiter);
  process.env.XDG_CACHE_HOME = path.join(cwd, 'cache');
  try {
    return fn();
  } finally {
    process.chdir(saved.cwd);
    process.env.PATH = saved.path;
    if (saved.cache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved.cache;
  }
}

test('relative $PATH entries are never searched; absolute ones are', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-find-postconf-'));
  const marker = path.join(dir, 'ran');
  for (const sub of ['.', 'bin', 'abs']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, sub, 'postconf'), `#!/bin/sh\necho ${sub} >> '${marker}'\necho 'mail_version = 9.9.9'\n`, { mode: 0o755 });
  }
  const system = ['/usr/sbin/postconf', '/usr/local/sbin/postconf', '/opt/local/sbin/postconf', '/usr/bin/postconf'].find((p) => fs.existsSync(p)) ?? null;
  withCwdAndPath(dir, ['', '.', 'bin', './bin', 'abs/..'], () => {
    const found = findPostconf();
    assert.equal(found, system, 'only the usual places are left');
    const installation = loadInstallation();
    assert.notEqual(installation.version, '9.9.9');
    assert.equal(fs.existsSync(marker), false, 'a postconf from the current directory ran');
  });
  withCwdAndPath(dir, ['bin', path.join(dir, 'abs')], () => {
    assert.equal(findPostconf(), path.join(dir, 'abs', 'postconf'));
  });
});

test('an explicit postconf path must be absolute', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-find-postconf-'));
  fs.writeFileSync(path.join(dir, 'postconf'), '#!/bin/sh\n', { mode: 0o755 });
  withCwdAndPath(dir, ['/nonexistent'], () => {
    assert.equal(findPostconf('./postconf'), null);
    assert.equal(findPostconf('postconf'), null);
    assert.equal(findPostconf(path.join(dir, 'postconf')), path.join(dir, 'postconf'));
  });
});
