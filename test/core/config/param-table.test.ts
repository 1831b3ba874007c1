// The table of valid names: a model's entries over the shared built-in table of its version. Models
// built one after the other (as on every edit) must not see each other's names, and reading the
// table must give what a Map would: built-in names in order, then the names a model added.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParamTable, type ParamNode } from '../../../server/src/core/config/param-table';
import { analyzeConfig } from '../../../server/src/core/validate';
import { FLAG_SERVICE, FLAG_USER, FLAG_LEGACY } from '../../../server/src/core/config/postconf-model';

const base = new Map<string, ParamNode>([
  ['alpha', Object.freeze({ flags: 2 })],
  ['beta', Object.freeze({ flags: 16 })],
  ['gamma', Object.freeze({ flags: 2 })],
]);

test('reads like a Map: built-in names in order with replacements in place, then added names', () => {
  const t = new ParamTable(base);
  t.set('zeta', { flags: 8 });
  t.setFlags('beta', 8);
  t.set('eta', { flags: 4, serviceDefault: 'default_x' });
  t.set('zeta', { flags: 9 });
  assert.deepEqual([...t.keys()], ['alpha', 'beta', 'gamma', 'zeta', 'eta']);
  assert.deepEqual(
    [...t].map(([n, node]) => [n, node.flags]),
    [
      ['alpha', 2],
      ['beta', 8],
      ['gamma', 2],
      ['zeta', 9],
      ['eta', 4],
    ],
  );
  assert.deepEqual([...t.addedEntries()].map(([n]) => n), ['zeta', 'eta']);
  assert.equal(t.size, 5);
  assert.equal(t.has('eta'), true);
  assert.equal(t.has('theta'), false);
  assert.equal(t.get('eta')?.serviceDefault, 'default_x');
  // The shared table is untouched.
  assert.equal(base.get('beta')!.flags, 16);
  assert.equal(base.size, 3);
});

test('the built-in nodes are shared and frozen: changing one in place is an error', () => {
  const t = new ParamTable(base);
  assert.throws(() => {
    (t.get('alpha') as { flags: number }).flags = 0;
  }, TypeError);
});

test('models built one after the other do not see each other’s names or changed classes', () => {
  const master = 'local unix - n n - - local\nrelay unix - - n - - smtp\nsub inet n - n - - smtpd -o sub_only=1 -o smtpd_client_restrictions=$my_list\n';
  const first = analyzeConfig('my_list = permit\nvirtual_maps = hash:/etc/postfix/virtual\nsmtpd_banner = $my_banner_text\nmy_banner_text = hi\n', master);
  // A legacy name used in main.cf becomes user-defined there; relay_* names come from master.cf.
  assert.ok(first.model.table.get('virtual_maps')!.flags & FLAG_USER);
  assert.ok(first.model.table.get('relay_destination_concurrency_limit')!.flags & FLAG_SERVICE);
  assert.ok(first.model.table.get('local_destination_concurrency_limit')!.flags & FLAG_SERVICE);
  assert.ok(first.model.isKnown('my_banner_text'));
  const second = analyzeConfig('smtpd_banner = $myhostname ESMTP\n', null);
  assert.equal(second.model.isKnown('my_banner_text'), false);
  assert.equal(second.model.isKnown('my_list'), false);
  assert.ok(second.model.table.get('virtual_maps')!.flags & FLAG_LEGACY);
  assert.equal(second.model.table.get('virtual_maps')!.flags & FLAG_USER, 0);
  assert.equal(second.model.isKnown('relay_destination_concurrency_limit'), false);
  assert.equal(second.model.table.get('local_destination_concurrency_limit')!.flags & FLAG_SERVICE, 0);
  // And the first model still reads as it did.
  assert.ok(first.model.isKnown('my_banner_text'));
});

test('service-derived names: known by rule, the first registration wins, read in registration order', () => {
  const t = new ParamTable(base);
  const node = (d: string): ParamNode => Object.freeze({ flags: 4, serviceDefault: d });
  const recipient = { suffix: '_recipient_limit', node: node('default_recipient_limit') };
  const destRecipient = { suffix: '_destination_recipient_limit', node: node('default_destination_recipient_limit') };
  const time = { suffix: '_time_limit', node: node('command_time_limit') };
  t.set('zeta', { flags: 8 });
  // "x_destination" + "_recipient_limit" is registered before "x" + "_destination_recipient_limit".
  t.deriveFrom('x_destination', [recipient]);
  t.deriveFrom('x', [time, destRecipient]);
  t.deriveFrom('x', [time]);
  assert.equal(t.get('x_destination_recipient_limit')?.serviceDefault, 'default_recipient_limit');
  assert.equal(t.get('x_time_limit')?.serviceDefault, 'command_time_limit');
  assert.equal(t.has('y_time_limit'), false);
  assert.equal(t.has('x_time'), false);
  assert.equal(t.size, 3 + 3);
  assert.deepEqual([...t.addedEntries()].map(([n]) => n), ['x_destination_recipient_limit', 'x_time_limit', 'zeta']);
  // A derived name set again keeps its place and takes the new node, without counting twice.
  t.set('x_time_limit', { flags: 8 });
  assert.equal(t.size, 6);
  assert.deepEqual([...t.addedEntries()].map(([n, v]) => [n, v.flags]), [
    ['x_destination_recipient_limit', 4],
    ['x_time_limit', 8],
    ['zeta', 8],
  ]);
});

test('a master.cf command named like an Object property derives nothing', () => {
  const a = analyzeConfig('', 'x unix - n n - - constructor\ny unix - n n - - __proto__\nz unix - n n - - pipe\n');
  assert.equal(a.model.isKnown('x_time_limit'), false);
  assert.equal(a.model.isKnown('z_time_limit'), true);
});
