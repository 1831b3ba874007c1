// core/dns: Null MX (RFC 7505), MX order, "is this MX this server", and the domains a configuration
// receives mail for, read from a real analysis of main.cf text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAddress, isThisServer, mxInOrder, nullMx, type ThisServerFacts } from '../../../server/src/core/dns/mx';
import { hostedDomains } from '../../../server/src/core/dns/hosted-domains';
import { analyzeConfig } from '../../../server/src/core/validate';
import { PROTOTYPE_NAMES } from '../../helpers/prototype-names';

test('Null MX: one record, preference 0, exchange "."; anything else said plainly', () => {
  assert.deepEqual(nullMx([{ preference: 0, exchange: '.' }], 'example.org'), { kind: 'null-mx' });
  assert.deepEqual(nullMx([{ preference: 10, exchange: 'mx.example.org' }], 'example.org'), { kind: 'none' });
  assert.deepEqual(nullMx([{ preference: 10, exchange: '.' }], 'example.org'), {
    kind: 'malformed',
    message: 'example.org publishes a Null MX (".") with preference 10, where RFC 7505 section 3 asks for 0.',
  });
  assert.deepEqual(nullMx([{ preference: 0, exchange: '.' }, { preference: 10, exchange: 'mx.example.org' }], 'example.org'), {
    kind: 'malformed',
    message: 'example.org publishes a Null MX (".") beside 1 other MX record: RFC 7505 section 3 allows it only alone, and senders then differ (some bounce, some try the others).',
  });
  assert.doesNotMatch((nullMx([{ preference: 1, exchange: '.' }], '\u001b[2Jevil') as { message: string }).message, /\u001b/);
});

test('MX order: lowest preference first, ties in the order given, the Null MX left out', () => {
  const mx = [
    { preference: 20, exchange: 'backup.example.org' },
    { preference: 10, exchange: 'b.example.org' },
    { preference: 10, exchange: 'a.example.org' },
    { preference: 0, exchange: '.' },
    { preference: 65535, exchange: 'last.example.org' },
  ];
  assert.deepEqual(mxInOrder(mx).map((r) => r.exchange), ['b.example.org', 'a.example.org', 'backup.example.org', 'last.example.org']);
  assert.equal(mx[0]!.exchange, 'backup.example.org', 'the input is left as it was');
});

const facts = (over: Partial<ThisServerFacts>): ThisServerFacts => ({ hostnames: [], myhostname: 'mail.example.org', localAddresses: [], inetInterfaces: ['all'], hostAddresses: [], ...over });

test('this server: by name ($myhostname, configured names) or by address (interfaces, inet_interfaces)', () => {
  assert.deepEqual(isThisServer('MAIL.example.org.', facts({})), { thisServer: true, by: 'name', name: 'mail.example.org' });
  assert.deepEqual(isThisServer('smtp.example.org', facts({ hostnames: ['smtp.example.org'] })), { thisServer: true, by: 'name', name: 'smtp.example.org' });
  assert.deepEqual(isThisServer('mx.example.org', facts({ localAddresses: ['127.0.0.1', '2001:db8::25'], hostAddresses: ['192.0.2.1', '2001:DB8:0:0::25'] })), {
    thisServer: true,
    by: 'address',
    addresses: ['2001:db8::25'],
    from: 'interface',
  });
  assert.deepEqual(isThisServer('mx.example.org', facts({ inetInterfaces: ['[::ffff:192.0.2.7]'], hostAddresses: ['192.0.2.7'] })), {
    thisServer: true,
    by: 'address',
    addresses: ['192.0.2.7'],
    from: 'inet_interfaces',
  });
  assert.deepEqual(isThisServer('mx.example.org', facts({ localAddresses: ['fe80::1%eth0', '10.0.0.1'], hostAddresses: ['192.0.2.1', 'fe80::2'] })), { thisServer: false });
  assert.deepEqual(isThisServer('mail.example.org.evil', facts({})), { thisServer: false });
  assert.deepEqual(isThisServer('x.example.org', facts({ myhostname: '', localAddresses: ['not an address', ''], hostAddresses: ['999.1.1.1', 'x'] })), { thisServer: false });
});

test('addresses: one spelling per address', () => {
  assert.equal(canonicalAddress('2001:0DB8:0000::0001'), '2001:db8::1');
  assert.equal(canonicalAddress('[ipv6:::1]'), '::1');
  assert.equal(canonicalAddress('::ffff:7f00:1'), '127.0.0.1');
  assert.equal(canonicalAddress('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(canonicalAddress('fe80::1%eth0'), 'fe80::1');
  assert.equal(canonicalAddress('192.0.2.1'), '192.0.2.1');
  for (const bad of ['mail.example.org', '1.2.3', '256.1.1.1', '0x7f.0.0.1', '', '::g']) assert.equal(canonicalAddress(bad), null, bad);
});

const analyse = (main: string) => analyzeConfig(main, null).model;
const brief = (d: ReturnType<typeof hostedDomains>) => d.domains.map((x) => `${x.param}${x.via.length ? `>${x.via.join('>')}` : ''}: ${x.subdomains ? '.' : ''}${x.domain} (${x.source})`);

test('hosted domains: the defaults of a plain server, its own names marked as such', () => {
  const own = [
    'mydomain: example.org (listed)',
    'mydestination>myhostname: mail.example.org (myhostname)',
    'mydestination: localhost.example.org (localhost)',
    'mydestination: localhost (localhost)',
  ];
  const d = hostedDomains(analyse('myhostname = mail.example.org\ncompatibility_level = 3.6\n'));
  assert.deepEqual(brief(d), own);
  assert.deepEqual([d.tables, d.files, d.excluded, d.problems], [[], [], [], []]);
  // Below compatibility level 2, relay_domains defaults to $mydestination (an expression, so no chain).
  const old = hostedDomains(analyse('myhostname = mail.example.org\n'));
  assert.deepEqual(brief(old), [...own, 'relay_domains: mail.example.org (myhostname)', 'relay_domains: localhost.example.org (localhost)', 'relay_domains: localhost (localhost)']);
});

test('hosted domains: lists split as Postfix splits them, tables and files named for reading, exclusions', () => {
  const model = analyse(
    [
      'myhostname = mx1.example.org',
      'mydomain = example.org',
      'mydestination = $myhostname, localhost, $mydomain,Example.NET.  .sub.example.org',
      'virtual_mailbox_domains = hash:/etc/postfix/vdomains, lmdb:/etc/postfix/vd2 texthash:/etc/postfix/vd3',
      '  mysql:/etc/postfix/mysql-vdomains.cf, ldap:/etc/postfix/ldap.cf inline:{a.example, b.example}',
      '  /etc/postfix/more-domains !excluded.example.org [::1]',
      'virtual_alias_domains = $virtual_alias_maps',
      'virtual_alias_maps = hash:/etc/postfix/virtual',
      'relay_domains = $mydestination, relay.example.com',
      '',
    ].join('\n'),
  );
  const d = hostedDomains(model);
  assert.deepEqual(brief(d), [
    'mydomain: example.org (listed)',
    'mydestination>myhostname: mx1.example.org (myhostname)',
    'mydestination: localhost (localhost)',
    'mydestination>mydomain: example.org (listed)',
    'mydestination: example.net (listed)',
    'mydestination: .sub.example.org (listed)',
    'virtual_mailbox_domains: [::1] (listed)',
    'relay_domains>mydestination>myhostname: mx1.example.org (myhostname)',
    'relay_domains>mydestination: localhost (localhost)',
    'relay_domains>mydestination>mydomain: example.org (listed)',
    'relay_domains>mydestination: example.net (listed)',
    'relay_domains>mydestination: .sub.example.org (listed)',
    'relay_domains: relay.example.com (listed)',
  ]);
  assert.deepEqual(
    d.tables.map((t) => [t.param, t.via.join('>'), t.reference, t.read.kind === 'text' ? t.read.path : t.read.reason]),
    [
      ['virtual_mailbox_domains', '', 'hash:/etc/postfix/vdomains', '/etc/postfix/vdomains'],
      ['virtual_mailbox_domains', '', 'lmdb:/etc/postfix/vd2', '/etc/postfix/vd2'],
      ['virtual_mailbox_domains', '', 'texthash:/etc/postfix/vd3', '/etc/postfix/vd3'],
      ['virtual_mailbox_domains', '', 'mysql:/etc/postfix/mysql-vdomains.cf', 'mysql: tables are not read (only the text sources of hash:, lmdb:, texthash: and the other postmap types)'],
      ['virtual_mailbox_domains', '', 'ldap:/etc/postfix/ldap.cf', 'ldap: tables are not read (only the text sources of hash:, lmdb:, texthash: and the other postmap types)'],
      ['virtual_mailbox_domains', '', 'inline:{a.example, b.example}', 'inline: tables are not read (only the text sources of hash:, lmdb:, texthash: and the other postmap types)'],
      ['virtual_alias_domains', 'virtual_alias_maps', 'hash:/etc/postfix/virtual', '/etc/postfix/virtual'],
    ],
  );
  assert.deepEqual(d.files, [{ param: 'virtual_mailbox_domains', via: [], path: '/etc/postfix/more-domains' }]);
  assert.deepEqual(d.excluded, [{ param: 'virtual_mailbox_domains', via: [], domain: 'excluded.example.org' }]);
});

test('hosted domains: loops, failed expansions, "#" and lone "!" become problems with messages', () => {
  const loop = hostedDomains(analyse('myhostname = mail.example.org\nmydestination = $a, x.example\na = $b\nb = $a\n'));
  assert.ok(brief(loop).includes('mydestination: x.example (listed)'));
  assert.ok(loop.problems.every((p) => p.problem === 'expansion-failed'), JSON.stringify(loop.problems));
  assert.match(loop.problems[0]!.message, /^mydestination \(through \$a, \$b\): \$a cannot be expanded \(/);
  const comment = hostedDomains(analyse('myhostname = mail.example.org\nrelay_domains = a.example # b.example\n'));
  assert.deepEqual(comment.domains.filter((x) => x.param === 'relay_domains').map((x) => x.domain), ['a.example']);
  assert.deepEqual(comment.problems.map((p) => p.message), ['relay_domains: "#" starts a word, and Postfix ignores the rest of the list (comments cannot follow a value).']);
  const bang = hostedDomains(analyse('myhostname = mail.example.org\nrelay_domains = ! a.example\n'));
  assert.deepEqual(bang.problems.map((p) => p.problem), ['empty-negation']);
});

test('hosted domains: names that are JavaScript property names, non-ASCII and a long list', () => {
  const names = PROTOTYPE_NAMES.join(', ');
  const d = hostedDomains(analyse(`myhostname = mail.example.org\nrelay_domains = ${names}, bücher.example, ${Array.from({ length: 5000 }, (_, i) => `d${i}.example`).join(' ')}\n`));
  const relay = d.domains.filter((x) => x.param === 'relay_domains').map((x) => x.domain);
  assert.deepEqual(relay.slice(0, PROTOTYPE_NAMES.length + 1), [...PROTOTYPE_NAMES.map((n) => n.toLowerCase()), 'bücher.example']);
  assert.equal(relay.length, PROTOTYPE_NAMES.length + 1 + 5000);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
