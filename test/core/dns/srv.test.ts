// core/dns/srv.ts: the submission SRV records as mail programs read them (RFC 2782, 6186, 8314), and
// which master.cf service listens on the port a record names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servicePortIs, srvInOrder, srvNotOffered, srvOwner } from '../../../server/src/core/dns/srv';

const r = (priority: number, weight: number, port: number, target: string) => ({ priority, weight, port, target });

test('a lone target "." says the service is not offered; "." among others is skipped', () => {
  assert.equal(srvNotOffered([r(0, 0, 0, '.')]), true);
  assert.equal(srvNotOffered([r(0, 0, 0, '')]), true);
  assert.equal(srvNotOffered([]), false);
  assert.equal(srvNotOffered([r(0, 1, 587, 'mail.example.org')]), false);
  assert.deepEqual(srvInOrder([r(0, 0, 0, '.'), r(0, 1, 587, 'mail.example.org')]).map((x) => x.target), ['mail.example.org']);
});

test('targets in the order clients try them: priority, then the heavier weight; each target and port once', () => {
  const order = srvInOrder([r(10, 5, 587, 'b.example.org'), r(0, 1, 587, 'c.example.org'), r(10, 50, 587, 'a.example.org'), r(0, 1, 587, 'c.example.org')]);
  assert.deepEqual(order.map((x) => `${x.priority} ${x.weight} ${x.target}`), ['0 1 c.example.org', '10 50 a.example.org', '10 5 b.example.org']);
  assert.equal(srvOwner('submissions', 'example.org'), '_submissions._tcp.example.org');
});

test('a master.cf service listens on a port by number or by its /etc/services name, with or without a host', () => {
  assert.equal(servicePortIs('submission', 587), true);
  assert.equal(servicePortIs('127.0.0.1:587', 587), true);
  assert.equal(servicePortIs('[::1]:submission', 587), true);
  assert.equal(servicePortIs('smtps', 465), true);
  assert.equal(servicePortIs('submissions', 465), true);
  assert.equal(servicePortIs('smtp', 587), false);
  assert.equal(servicePortIs('2525', 2525), true);
  assert.equal(servicePortIs('submission', 465), false);
});
