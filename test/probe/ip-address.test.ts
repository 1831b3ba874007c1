import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { ipVersion } from '../../server/src/io/probe/ip-address';

test('ipVersion answers as net.isIP does', () => {
  const samples = ['127.0.0.1', '::1', '::', '1::', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '::ffff:192.0.2.1', 'mail.example.com', '127.0.0.1:25', '[::1]', ':', ':1', '1:2', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '256.0.0.1', '', 'localhost', '01.2.3.4', 'a:b:c'];
  for (const s of samples) assert.equal(ipVersion(s), net.isIP(s), s);
});
