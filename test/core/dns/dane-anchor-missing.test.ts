// dane-anchor-missing over validated TLSA evidence: a DANE-TA record whose anchor is not sent after
// the server's certificate, an error when no other record authenticates the chain and a warning when
// one does; a DANE-TA record of the server's own certificate; nothing once the CA is in the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daneAnchorMissingRule } from '../../../server/src/core/rules/dns/dane-anchor-missing';
import { chainsOnDisk } from '../../../server/src/core/dns/chains-on-disk';
import { tlsaDataFor } from '../../../server/src/core/dns/tlsa';
import type { DnsEvidence } from '../../../server/src/core/rules/dns/evidence';
import type { ChainOnDisk } from '../../../server/src/core/dns/tlsa-judgement';
import { fixtures } from '../../helpers/certificates';

const f = fixtures();
const alone = chainsOnDisk('pair', [{ path: '/etc/ssl/cert.pem', bytes: Buffer.from(f.leaf.cert) }]);
const full = chainsOnDisk('pair', [{ path: '/etc/ssl/fullchain.pem', bytes: Buffer.from(f.leaf.cert + f.intermediate.cert) }]);
const leafKeys = alone[0]!.certificates[0]!;
const caKeys = full[0]!.certificates[1]!;
const owner = '_25._tcp.mx.example.org';
const record = (usage: number, selector: number, keys: typeof leafKeys) => ({ name: owner, ttl: 300, type: 'TLSA' as const, usage, selector, matchingType: 1, data: tlsaDataFor(selector, 1, keys)! });

function judge(records: ReturnType<typeof record>[], chains: ChainOnDisk[], ad = true) {
  const e: DnsEvidence = { kind: 'tlsa', domain: 'example.org', host: 'mx.example.org', owner, answer: { ok: true, rcode: 'NOERROR', ad, answers: records, cnameChain: [], ttl: 300, server: '127.0.0.1:53' }, chains };
  return daneAnchorMissingRule.check(e).map((x) => ({ severity: x.severity, message: x.message }));
}

test('the CA of a 2 1 1 record missing from the chain file: an error naming the record and the file; once it is there, nothing', () => {
  const [x, ...rest] = judge([record(2, 1, caKeys)], alone);
  assert.equal(rest.length, 0);
  assert.equal(x!.severity, 'error');
  assert.match(x!.message, /^TLSA record 2 1 1 [0-9a-f]{24}… at _25\._tcp\.mx\.example\.org \(DANE-TA\) names a trust anchor that is not in the chain the port-25 service sends \(\/etc\/ssl\/cert\.pem\).*Add the issuing CA's certificate after the server's certificate in that file \(with certbot: fullchain\.pem, not cert\.pem\)/);
  assert.deepEqual(judge([record(2, 1, caKeys)], full), []);
});

test('another record still authenticates the chain: a warning; a DANE-TA record of the server certificate itself is named as such; unvalidated records are not judged', () => {
  assert.deepEqual(judge([record(3, 1, leafKeys), record(2, 1, caKeys)], alone).map((x) => x.severity), ['warning']);
  const [own] = judge([record(2, 1, leafKeys)], full);
  assert.match(own!.message, /matches the server's own certificate in \/etc\/ssl\/fullchain\.pem, which cannot be its own trust anchor: publish it as usage 3/);
  assert.deepEqual(judge([record(2, 1, caKeys)], alone, false), []);
});
