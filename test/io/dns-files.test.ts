// The files the DNS check reads besides certificates: certbot renewal files and the text sources of
// hosted-domain tables. Regular files only (a FIFO is refused at once, never read forever), one
// renewal file per lineage, and a table's domains read as postmap reads them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCertbotRenewals } from '../../server/src/io/dns/certbot-renewals';
import { readDomainTables } from '../../server/src/io/dns/domain-tables';
import type { DomainTable } from '../../server/src/core/dns/hosted-domains';
import type { ChainOnDisk } from '../../server/src/core/dns/tlsa-judgement';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-dns-files-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const chain = (...files: string[]): ChainOnDisk => ({ source: files.join(' + '), certificates: [], files });

test('certbot renewal files: read beside live/NAME/, once per lineage; a FIFO or a missing file gives no text, at once', async () => {
  for (const d of ['le/live/a', 'le/live/b', 'le/live/c', 'le/renewal']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'le/renewal/a.conf'), '[renewalparams]\nreuse_key = True\n');
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'le/renewal/b.conf')]).status, 0);
  const live = (n: string, f: string) => path.join(dir, 'le/live', n, f);
  const start = performance.now();
  const r = await readCertbotRenewals([chain(live('a', 'fullchain.pem')), chain(live('a', 'fullchain.pem')), chain(live('b', 'fullchain.pem')), chain(live('c', 'cert.pem')), chain('/etc/ssl/certs/mail.pem')]);
  assert.ok(performance.now() - start < 3000, 'a FIFO does not hang the read');
  assert.deepEqual(
    r.map((x) => [x.chain, x.name, path.relative(dir, x.confPath), x.text]),
    [
      [0, 'a', 'le/renewal/a.conf', '[renewalparams]\nreuse_key = True\n'],
      [1, 'a', 'le/renewal/a.conf', '[renewalparams]\nreuse_key = True\n'],
      [2, 'b', 'le/renewal/b.conf', null],
      [3, 'c', 'le/renewal/c.conf', null],
    ],
  );
  assert.match(r[2]!.why!, /not a regular file/);
});

test('hosted-domain tables: a text source read, a FIFO refused, a relative name and another type skipped', async () => {
  const table = (reference: string, read: DomainTable['read']): DomainTable => ({ reference, type: reference.slice(0, reference.indexOf(':')), name: reference.slice(reference.indexOf(':') + 1), param: 'relay_domains', via: [], read });
  fs.writeFileSync(path.join(dir, 'relays'), 'example.com OK\nuser@example.org OK\n');
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'fifo')]).status, 0);
  const r = await readDomainTables([
    table(`hash:${dir}/relays`, { kind: 'text', path: `${dir}/relays` }),
    table(`texthash:${dir}/fifo`, { kind: 'text', path: `${dir}/fifo` }),
    table('hash:relays', { kind: 'text', path: 'relays' }),
    table('ldap:/etc/postfix/ldap.cf', { kind: 'skipped', reason: 'ldap: tables are not read' }),
  ]);
  assert.deepEqual(
    r.map((x) => x.outcome.kind + (x.outcome.kind === 'read' ? ` ${x.outcome.domains.join(',')}` : x.outcome.kind === 'skipped' ? ` ${x.outcome.reason}` : '')),
    ['read example.com', 'unreadable', 'skipped its file is not named by an absolute path', 'skipped ldap: tables are not read'],
  );
});
