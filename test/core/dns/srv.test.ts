// core/dns/srv.ts: the submission SRV records as mail programs read them (RFC 2782, 6186, 8314), and
// which master.cf service listens on the port a record names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servicePortIs, srvInOrder, srvNotOffered, srvOwner } from '../../../server/src/core/dns/srv';
import { serviceTargets } from '../../../server/src/core/dns/service-targets';
import { certificateTargets } from '../../../server/src/core/tls/config-targets';
import { analyzeConfig } from '../../../server/src/core/validate';

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

test('serviceTargets: the certificate settings the smtpd on a port loads, its -o overrides counted; main.cf\'s without master.cf', () => {
  const main = 'smtpd_tls_cert_file = /etc/ssl/mx.pem\nsmtpd_tls_key_file = /etc/ssl/mx.key\n';
  const master = [
    'smtp       inet  n  -  y  -  -  smtpd',
    'submission inet  n  -  y  -  -  smtpd -o smtpd_tls_cert_file=/etc/ssl/submit.pem -o smtpd_tls_key_file=/etc/ssl/submit.key',
    '127.0.0.1:smtps inet  n  -  y  -  -  smtpd',
    '',
  ].join('\n');
  const a = analyzeConfig(main, master, { version: '3.7' });
  const { targets } = certificateTargets(a, []);
  const certs = (port: number) => serviceTargets(a, targets, port).map((t) => t.certPath);
  assert.deepEqual(certs(587), ['/etc/ssl/submit.pem']);
  assert.deepEqual(certs(465), [], 'an smtps listener only this machine reaches shows its certificate to no client');
  assert.deepEqual(certs(2525), []);
  const alone = analyzeConfig(main, null, { version: '3.7' });
  assert.deepEqual(serviceTargets(alone, certificateTargets(alone, []).targets, 587).map((t) => t.certPath), ['/etc/ssl/mx.pem']);
});
