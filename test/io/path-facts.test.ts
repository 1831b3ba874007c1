// The facts io/path-facts.ts gathers: stat() of real sockets, FIFOs, files and directories (a FIFO
// is never opened, so nothing waits for a writer), and whether an smtpd binary is Debian's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isDebianSmtpd, statPath, withPathFacts } from '../../server/src/io/path-facts';
import { analyzeConfig } from '../../server/src/core/validate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-path-facts-'));

function listen(p: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(p, () => resolve(server));
  });
}

test('stat() facts: socket, FIFO (at once), file, directory, missing, a file used as a directory', async () => {
  const sock = path.join(tmp, 'auth');
  const server = await listen(sock);
  try {
    const fifo = path.join(tmp, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    fs.writeFileSync(path.join(tmp, 'file'), 'x');
    assert.deepEqual(statPath(sock), { kind: 'socket' });
    assert.deepEqual(statPath(fifo), { kind: 'other' });
    assert.deepEqual(statPath(path.join(tmp, 'file')), { kind: 'file' });
    assert.deepEqual(statPath(tmp), { kind: 'directory' });
    assert.deepEqual(statPath(path.join(tmp, 'nothing')), { kind: 'missing' });
    assert.deepEqual(statPath(path.join(tmp, 'file', 'below')), { kind: 'missing' });
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test("Debian's smtpd is told apart by the SASL search path it carries, wherever the string falls; a FIFO or a missing program: not known", () => {
  const marker = Buffer.from('\0sasl:/usr/lib/sasl\0', 'latin1');
  for (const at of [0, (1 << 20) - 5, (1 << 20) + 100]) {
    const dir = fs.mkdtempSync(path.join(tmp, 'bin-'));
    const bytes = Buffer.alloc((1 << 20) + 400, 0x41);
    marker.copy(bytes, at);
    fs.writeFileSync(path.join(dir, 'smtpd'), bytes);
    assert.equal(isDebianSmtpd(dir), true, `marker at ${at}`);
  }
  const upstream = fs.mkdtempSync(path.join(tmp, 'bin-'));
  fs.writeFileSync(path.join(upstream, 'smtpd'), Buffer.from('\0SASL: /usr/lib/sasl2\0sasl:/usr/lib/sasl2\0', 'latin1'));
  assert.equal(isDebianSmtpd(upstream), false);
  const fifoDir = fs.mkdtempSync(path.join(tmp, 'bin-'));
  assert.equal(spawnSync('mkfifo', [path.join(fifoDir, 'smtpd')]).status, 0);
  assert.equal(isDebianSmtpd(fifoDir), undefined);
  assert.equal(isDebianSmtpd(path.join(tmp, 'no-such-dir')), undefined);
  // The installed Postfix, where it is Debian's (as in CI).
  if (fs.existsSync('/usr/lib/postfix/sbin/smtpd') && fs.existsSync('/etc/debian_version')) assert.equal(isDebianSmtpd('/usr/lib/postfix/sbin/'), true);
});

test('withPathFacts stats what the SASL back ends need, and the rule judges it', async () => {
  const q = fs.mkdtempSync(path.join(tmp, 'queue-'));
  fs.mkdirSync(path.join(q, 'private'));
  const master = 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_type=dovecot\n  -o smtpd_sasl_path=private/auth\n';
  const a = withPathFacts(analyzeConfig(`queue_directory = ${q}\n`, master, { version: '3.7' }));
  assert.deepEqual(Object.fromEntries(a.pathFacts!.paths), { [q]: { kind: 'directory' }, [`${q}/private/auth`]: { kind: 'missing' } });
  const server = await listen(path.join(q, 'private', 'auth'));
  try {
    const b = withPathFacts(analyzeConfig(`queue_directory = ${q}\n`, master, { version: '3.7' }));
    assert.deepEqual(b.pathFacts!.paths.get(`${q}/private/auth`), { kind: 'socket' });
  } finally {
    await new Promise((r) => server.close(r));
  }
});
