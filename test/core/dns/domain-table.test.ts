// The domains of a hosted-domain table's text source, as postmap reads the file, and the cap on how
// many a run takes from tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainsFromTables, domainsOfTableSource, MAX_TABLE_DOMAINS, tableEvidence, type DomainTableFacts } from '../../../server/src/core/dns/domain-table';
import type { DomainTable } from '../../../server/src/core/dns/hosted-domains';

test('keys with a value, as postmap reads them: comments, continuation lines, addresses, parent patterns and non-names left out', () => {
  const text = [
    '# hosted domains',
    'example.com      OK',
    'Example.ORG\tanything',
    '   # an indented comment',
    'lonely.example',
    'user@example.net OK',
    '.sub.example.com OK',
    'bad_name!.example OK',
    'example.com      again',
    'long.example     first',
    '  continued',
    '',
  ].join('\n');
  assert.deepEqual(domainsOfTableSource(text), ['example.com', 'example.org', 'long.example']);
  assert.deepEqual(domainsOfTableSource('a.example OK\r\nb.example OK\r\n'), ['a.example', 'b.example'], 'CRLF: the key ends at the blank');
});

test('at most MAX_TABLE_DOMAINS from tables; a table cut short, one not read and one unreadable become evidence', () => {
  const table = (reference: string): DomainTable => ({ reference, type: reference.split(':')[0]!, name: reference.split(':')[1]!, param: 'virtual_mailbox_domains', via: [], read: { kind: 'text', path: reference.split(':')[1]! } });
  const many = Array.from({ length: MAX_TABLE_DOMAINS + 5 }, (_, i) => `d${i}.example`);
  const tables: DomainTableFacts[] = [
    { table: table('hash:/etc/postfix/small'), outcome: { kind: 'read', path: '/etc/postfix/small', domains: ['listed.example', 'small.example'], checked: 0 } },
    { table: table('texthash:/etc/postfix/big'), outcome: { kind: 'read', path: '/etc/postfix/big', domains: many, checked: 0 } },
    { table: table('mysql:/etc/postfix/v.cf'), outcome: { kind: 'skipped', reason: 'mysql: tables are not read' } },
    { table: table('hash:/etc/postfix/gone'), outcome: { kind: 'unreadable', path: '/etc/postfix/gone', why: 'no such file' } },
  ];
  const added = domainsFromTables(tables, ['listed.example']);
  assert.equal(added.length, MAX_TABLE_DOMAINS);
  assert.deepEqual(added.slice(0, 2), [
    { domain: 'small.example', from: 'virtual_mailbox_domains' },
    { domain: 'd0.example', from: 'virtual_mailbox_domains' },
  ]);
  assert.deepEqual(
    tableEvidence(tables).map((e) => (e.kind === 'domain-table' ? [e.domain, e.outcome.kind, e.outcome.kind === 'read' ? e.outcome.checked : -1] : [])),
    [
      ['texthash:/etc/postfix/big', 'read', MAX_TABLE_DOMAINS - 1],
      ['mysql:/etc/postfix/v.cf', 'skipped', -1],
      ['hash:/etc/postfix/gone', 'unreadable', -1],
    ],
  );
});
