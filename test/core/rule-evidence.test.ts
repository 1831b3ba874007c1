// The evidence the readers gather and the rules that judge it: every kind of certificate, setting,
// probe and DNS evidence (one example each; the maps below do not type-check when a kind has none) is
// judged by exactly one rule, whose code its finding carries, at a severity docs/rules.md states.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateEvidence } from '../../server/src/core/rules/certificates/evidence';
import type { SettingEvidence } from '../../server/src/core/rules/certificates/setting-evidence';
import type { ProbeEvidence } from '../../server/src/core/rules/probe/evidence';
import { certificateRules, settingRules } from '../../server/src/core/rules/certificates/index';
import { probeRules } from '../../server/src/core/rules/probe/index';
import type { DnsEvidence } from '../../server/src/core/rules/dns/evidence';
import { dnsRules } from '../../server/src/core/rules/dns/index';
import type { DnsAnswer } from '../../server/src/core/dns/types';
import { chainsOnDisk } from '../../server/src/core/dns/chains-on-disk';
import { tlsaDataFor } from '../../server/src/core/dns/tlsa';
import { stopError } from '../../server/src/core/rules/probe/judge';
import { loadCertificate, loadKey, type LoadedCertificate, type LoadedKey } from '../../server/src/core/tls/load';
import { scanPem } from '../../server/src/core/tls/pem';
import type { Location } from '../../server/src/core/tls/location';
import { fixtures } from '../helpers/certificates';

type Examples<E extends { kind: string }> = { [K in E['kind']]: Extract<E, { kind: K }> };

function certificate(pem: string, path: string): LoadedCertificate {
  const loaded = loadCertificate(scanPem(Buffer.from(pem)).blocks[0]!, path, 0);
  assert.ok(!('damage' in loaded));
  return loaded;
}

function key(pem: string, path: string): LoadedKey {
  const loaded = loadKey(scanPem(Buffer.from(pem)).blocks[0]!, path);
  assert.ok(!('damage' in loaded));
  return loaded;
}

const f = fixtures();
const leaf = certificate(f.leaf.cert, '/etc/ssl/mail.pem');
const ca = certificate(f.intermediate.cert, '/etc/ssl/mail.pem');
const at: Location = { file: 'main.cf', range: { start: { line: 3, character: 22 }, end: { line: 3, character: 40 } }, param: 'smtpd_tls_chain_files' };
const block = { path: '/etc/ssl/chain.pem', line: 4 };

/** Every kind but 'chain', which the chain rules judge (test/core/tls/). */
const certificateExamples: Omit<Examples<CertificateEvidence>, 'chain'> = {
  'read-failed': { kind: 'read-failed', file: 'key', path: '/etc/ssl/key.pem', setting: 'smtpd_tls_key_file', role: 'server', reason: 'missing', message: '/etc/ssl/key.pem does not exist.' },
  'no-certificate': { kind: 'no-certificate', path: '/etc/ssl/mail.p12', blocks: [], format: { kind: 'pkcs12' } },
  'damaged-certificate': { kind: 'damaged-certificate', path: '/etc/ssl/mail.pem', line: 0, damage: 'is cut short' },
  'too-many-certificates': { kind: 'too-many-certificates', path: '/etc/ssl/bundle.pem', line: 2000, count: 150, max: 100 },
  'too-many-groups': { kind: 'too-many-groups', next: block, count: 9, max: 8 },
  'no-key': { kind: 'no-key', in: 'cert-file', path: '/etc/ssl/mail.pem', keySetting: 'smtpd_tls_key_file', blocks: [] },
  'chain-without-key': { kind: 'chain-without-key', first: block },
  'unusable-key': { kind: 'unusable-key', path: '/etc/ssl/key.pem', line: 0, damage: 'is protected by a pass-phrase', encrypted: true },
  'leaf-not-first': { kind: 'leaf-not-first', first: ca, leaf, keyOwned: true },
  'key-not-matching': { kind: 'key-not-matching', key: key(f.otherKey, '/etc/ssl/key.pem'), leaf },
  'certificate-before-key': { kind: 'certificate-before-key', first: block },
  'keys-without-certificate': { kind: 'keys-without-certificate', keys: [block, { path: block.path, line: 40 }] },
  'analysis-failed': { kind: 'analysis-failed', stage: 'file', path: '/etc/ssl/mail.pem', error: 'boom' },
};

const settingExamples: Examples<SettingEvidence> = {
  'ignored-beside-chain-files': { kind: 'ignored-beside-chain-files', param: 'smtpd_tls_cert_file', chainParam: 'smtpd_tls_chain_files', chainAt: at, at: { ...at, param: 'smtpd_tls_cert_file' } },
  'list-too-long': { kind: 'list-too-long', param: 'smtpd_tls_chain_files', listed: Array.from({ length: 20 }, () => '/etc/ssl/a.pem'), read: 16, at },
  'left-unread': { kind: 'left-unread', limit: '64 certificate files', settings: 3, files: 5, at },
};

const injection = { phase: 'starttls' as const, bytes: 10, preview: '250 fake' };
const probeExamples: Examples<ProbeEvidence> = {
  'invalid-target': { kind: 'invalid-target', phase: 'connect', host: '', port: 25 },
  'no-connection': { kind: 'no-connection', phase: 'connect', target: '192.0.2.1 port 25', sysCode: 'ECONNREFUSED', detail: 'refused' },
  'timed-out': { kind: 'timed-out', phase: 'greeting', ms: 5000, total: false, mode: 'starttls', tlsUp: false, phaseBytes: 0, bytesIn: 0 },
  cancelled: { kind: 'cancelled', phase: 'ehlo' },
  closed: { kind: 'closed', phase: 'starttls' },
  'too-much-data': { kind: 'too-much-data', phase: 'ehlo', limit: 1 << 20 },
  framing: { kind: 'framing', phase: 'greeting', framing: { code: 'bad-reply', message: '"HTTP/1.1 400" is not an SMTP reply line' } },
  'handshake-failed': { kind: 'handshake-failed', phase: 'handshake', sysCode: undefined, detail: 'x', firstBytes: Buffer.from('220 mail ESMTP\r\n') },
  refused: { kind: 'refused', phase: 'starttls', reply: 454, first: '454 4.7.0 TLS not available' },
  'no-starttls': { kind: 'no-starttls', phase: 'ehlo' },
  'internal-failure': { kind: 'internal-failure', phase: 'ehlo', inSession: true, detail: 'oops' },
  injection: { kind: 'injection', injection },
  unsolicited: { kind: 'unsolicited', data: injection },
  'auth-after-tls': { kind: 'auth-after-tls', port: 587, mode: 'starttls', offer: { offered: true, mechanisms: ['CRAM-MD5'], ignored: 0 } },
  'auth-before-tls': { kind: 'auth-before-tls', offer: { offered: true, mechanisms: ['PLAIN', 'LOGIN'], ignored: 0 } },
};

function judgedOnce<E>(rules: readonly { code: string; check(e: E): { code: string; severity: string }[] }[], e: E, kind: string): { code: string; severity: string } {
  const judging = rules.map((r) => ({ rule: r, found: r.check(e) })).filter((x) => x.found.length > 0);
  assert.equal(judging.length, 1, `${kind}: judged by ${judging.map((x) => x.rule.code).join(', ') || 'no rule'}, not by exactly one rule`);
  const { rule, found } = judging[0]!;
  assert.equal(found.length, 1, `${kind}: one finding`);
  assert.equal(found[0]!.code, rule.code, `${kind}: the finding carries its rule's code`);
  return found[0]!;
}

test('every kind of certificate evidence is judged by exactly one rule, under its code', () => {
  const codes = Object.entries(certificateExamples).map(([kind, e]) => `${kind} ${judgedOnce(certificateRules, e, kind).code}`);
  assert.deepEqual(codes, [
    'read-failed key-file-missing',
    'no-certificate cert-not-pem',
    'damaged-certificate cert-not-pem',
    'too-many-certificates cert-too-many',
    'too-many-groups cert-too-many',
    'no-key key-mismatch',
    'chain-without-key key-mismatch',
    'unusable-key key-encrypted',
    'leaf-not-first cert-chain-order',
    'key-not-matching key-mismatch',
    'certificate-before-key cert-chain-order',
    'keys-without-certificate cert-chain-order',
    'analysis-failed cert-analysis-failed',
  ]);
});

test('what io could not read is judged by its reason: missing, or unreadable (quietly when only permissions stop it)', () => {
  const read = certificateExamples['read-failed'];
  const judged = (over: Partial<typeof read>) => judgedOnce(certificateRules, { ...read, ...over }, 'read-failed');
  assert.deepEqual(judged({ file: 'cert' }), { code: 'cert-file-missing', severity: 'error', target: 'cert', path: read.path, message: `smtpd_tls_key_file names ${read.path}, which does not exist. smtpd cannot start TLS, so clients (Gmail among them) cannot use STARTTLS. Point it at the certificate file (with certbot: fullchain.pem).` });
  assert.equal(judged({ reason: 'unreadable' }).severity, 'information');
  assert.equal(judged({ reason: 'too-large' }).severity, 'error');
});

test('every kind of setting evidence is judged by exactly one rule', () => {
  const codes = Object.entries(settingExamples).map(([kind, e]) => `${kind} ${judgedOnce(settingRules, e, kind).code}`);
  assert.deepEqual(codes, ['ignored-beside-chain-files cert-settings-ignored', 'list-too-long cert-not-checked', 'left-unread cert-not-checked']);
});

test('every kind of probe evidence is judged by exactly one rule; a stop becomes the report\'s error in its phase', () => {
  const codes = Object.entries(probeExamples).map(([kind, e]) => `${kind} ${judgedOnce(probeRules, e, kind).code}`);
  assert.deepEqual(codes, [
    'invalid-target connection-failed',
    'no-connection connection-failed',
    'timed-out timeout',
    'cancelled cancelled',
    'closed connection-closed',
    'too-much-data reply-too-long',
    'framing bad-reply',
    'handshake-failed tls-handshake-failed',
    'refused starttls-refused',
    'no-starttls starttls-not-offered',
    'internal-failure internal-error',
    'injection starttls-injection',
    'unsolicited unexpected-data',
    'auth-after-tls submission-auth-disabled',
    'auth-before-tls submission-auth-before-tls',
  ]);
  assert.deepEqual(stopError(probeExamples['timed-out']), {
    phase: 'greeting',
    code: 'timeout',
    message: 'No answer within 5000 ms while waiting for the greeting (220). It sent nothing at all: if this port expects TLS from the first byte (like 465), probe it with --tls.',
  });
  assert.match(stopError(probeExamples['handshake-failed']).message, /answered in plain text/);
});

const leafChain = chainsOnDisk('pair', [{ path: '/etc/letsencrypt/live/mail.example.org/fullchain.pem', bytes: Buffer.from(f.leaf.cert) }]);
const answer = (answers: DnsAnswer['answers'], ad = true): DnsAnswer => ({ ok: true, rcode: 'NOERROR', ad, answers, cnameChain: [], ttl: 300, server: '127.0.0.1:53' });
const txt = (name: string, text: string) => ({ name, ttl: 300, type: 'TXT' as const, strings: [text] });
const dnsExamples: Examples<DnsEvidence> = {
  'lookup-failed': { kind: 'lookup-failed', domain: 'example.org', query: 'example.org MX', failure: { ok: false, reason: 'servfail', rcode: 'SERVFAIL', detail: 'example.org MX: SERVFAIL', server: '127.0.0.1:53' } },
  'mx-host': { kind: 'mx-host', domain: 'example.org', host: 'mx.example.net', preference: 10, addresses: ['192.0.2.1'], thisServer: { thisServer: false }, chains: [] },
  tlsa: { kind: 'tlsa', domain: 'example.org', host: 'mx.example.org', owner: '_25._tcp.mx.example.org', answer: answer([{ name: '_25._tcp.mx.example.org', ttl: 300, type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }], false), chains: [] },
  'mta-sts-txt': { kind: 'mta-sts-txt', domain: 'example.org', owner: '_mta-sts.example.org', answer: answer([txt('_mta-sts.example.org', 'v=STSv1')]) },
  'tls-rpt-txt': { kind: 'tls-rpt-txt', domain: 'example.org', owner: '_smtp._tls.example.org', answer: answer([txt('_smtp._tls.example.org', 'v=TLSRPTv1; rua=ftp://x')]) },
  'mta-sts-fetch-failed': { kind: 'mta-sts-fetch-failed', domain: 'example.org', failure: { ok: false, reason: 'status', status: 404, url: 'https://mta-sts.example.org/.well-known/mta-sts.txt', detail: 'https://mta-sts.example.org/.well-known/mta-sts.txt answered 404 Not Found: senders take a policy only from a 200 answer' } },
  'mta-sts-policy': { kind: 'mta-sts-policy', domain: 'example.org', url: 'https://mta-sts.example.org/.well-known/mta-sts.txt', policy: { version: 'STSv1', mode: 'testing', maxAge: 86400, mx: ['mx.example.org'], valid: true, problems: [] }, mxHosts: ['mx.example.org'] },
  'srv-target': {
    kind: 'srv-target',
    domain: 'example.org',
    service: 'submission',
    owner: '_submission._tcp.example.org',
    target: 'submit.example.org',
    port: 587,
    addresses: ['192.0.2.1'],
    thisServer: { thisServer: true, by: 'address', addresses: ['192.0.2.1'], from: 'interface' },
    chains: [{ source: '/etc/ssl/mail.pem', certificates: [{ certDer: new Uint8Array(leaf.x509.raw), spkiDer: new Uint8Array(leaf.x509.publicKey.export({ type: 'spki', format: 'der' })) }] }],
  },
  'certbot-renewal': {
    kind: 'certbot-renewal',
    domain: 'example.org',
    host: 'mx.example.org',
    owner: '_25._tcp.mx.example.org',
    answer: answer([{ name: '_25._tcp.mx.example.org', ttl: 300, type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: tlsaDataFor(1, 1, leafChain[0]!.certificates[0]!)! }]),
    chains: leafChain,
    chain: 0,
    name: 'mail.example.org',
    confPath: '/etc/letsencrypt/renewal/mail.example.org.conf',
    reuseKey: false,
  },
  'domain-table': { kind: 'domain-table', domain: 'mysql:/etc/postfix/vdomains.cf', param: 'virtual_mailbox_domains', via: [], outcome: { kind: 'skipped', reason: 'mysql: tables are not read' } },
  resolver: { kind: 'resolver', domain: '.', server: '127.0.0.1:53', validates: false, system: false, trustAd: false, daneClients: [], tlsaOwners: [] },
};

test('every kind of DNS evidence is judged by exactly one rule, and its finding names the domain (the root for the resolver)', () => {
  const codes = Object.entries(dnsExamples).map(([kind, e]) => {
    const f = judgedOnce(dnsRules, e, kind) as { code: string; domain?: string };
    assert.equal(f.domain, e.domain, kind);
    return `${kind} ${f.code}`;
  });
  assert.deepEqual(codes, ['lookup-failed dns-lookup-failed', 'mx-host mx-not-this-server', 'tlsa dane-tlsa-insecure', 'mta-sts-txt mta-sts-record-invalid', 'tls-rpt-txt tls-rpt-invalid', 'mta-sts-fetch-failed mta-sts-policy-unavailable', 'mta-sts-policy mta-sts-testing', 'srv-target srv-name-not-covered', 'certbot-renewal dane-no-rollover', 'domain-table hosted-domains-table-skipped', 'resolver dns-not-validating']);
});
