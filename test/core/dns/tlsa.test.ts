// core/dns/tlsa: TLSA records read and matched as a DANE SMTP sender does, held to ldns-dane (Debian's
// ldnsutils) for RSA and ECDSA chains made here with openssl. The expected digests come from the
// openssl command, never from the code under test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { fixtures, hasOpenssl, openssl } from '../../helpers/certificates';
import { parseTlsa, tlsaMatches, type CertificateKeys, type TlsaRdata } from '../../../server/src/core/dns/tlsa';
import { judgeTlsa, type ChainOnDisk } from '../../../server/src/core/dns/tlsa-judgement';

const OWNER = '_25._tcp.mx.example.test';

function keysOf(pem: string): CertificateKeys {
  const x = new X509Certificate(pem);
  return { certDer: x.raw, spkiDer: x.publicKey.export({ type: 'spki', format: 'der' }) };
}

/** The record data openssl computes for a certificate file: the DER of the certificate or its key, hashed by `openssl dgst`. */
function opensslData(dir: string, pemFile: string, selector: number, matchingType: number): string {
  const der = `${isAbsolute(pemFile) ? pemFile : join(dir, pemFile)}.${selector}.der`;
  if (!existsSync(der)) {
    const args = selector === 0 ? ['x509', '-in', pemFile, '-outform', 'DER', '-out', der] : ['x509', '-in', pemFile, '-pubkey', '-noout', '-out', `${der}.pub`];
    const r = openssl(args, dir);
    assert.equal(r.status, 0, r.stderr);
    if (selector === 1) assert.equal(openssl(['pkey', '-pubin', '-in', `${der}.pub`, '-outform', 'DER', '-out', der], dir).status, 0);
  }
  if (matchingType === 0) {
    const r = spawnSync('od', ['-An', '-v', '-tx1', der], { encoding: 'utf8' });
    return r.stdout.replace(/\s+/g, '');
  }
  const r = openssl(['dgst', matchingType === 1 ? '-sha256' : '-sha512', '-r', der], dir);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split(' ')[0]!;
}

test('records: usable ones as senders count them; every other kind says why senders ignore it', () => {
  const ok = parseTlsa({ usage: 3, selector: 1, matchingType: 1, data: 'AB'.repeat(32) });
  assert.equal(ok.usable, true);
  assert.equal(ok.data, 'ab'.repeat(32), 'hex is compared in lower case');
  assert.equal(ok.problem, undefined);
  const cases: [TlsaRdata, string, RegExp][] = [
    [{ usage: 1, selector: 1, matchingType: 1, data: '00'.repeat(32) }, 'pkix-usage', /usage 1 \(PKIX-EE\).*DANE SMTP senders ignore it \(RFC 7672 section 3\.1\.3\)/],
    [{ usage: 0, selector: 0, matchingType: 1, data: '00'.repeat(32) }, 'pkix-usage', /usage 0 \(PKIX-TA\)/],
    [{ usage: 4, selector: 1, matchingType: 1, data: '00'.repeat(32) }, 'unknown-usage', /usage 4, which no DANE client knows/],
    [{ usage: 3, selector: 2, matchingType: 1, data: '00'.repeat(32) }, 'unknown-selector', /selector 2/],
    [{ usage: 3, selector: 1, matchingType: 3, data: '00'.repeat(32) }, 'unknown-matching-type', /matching type 3/],
    [{ usage: 3, selector: 1, matchingType: 1, data: '00'.repeat(31) }, 'wrong-length', /has 31 bytes of data where SHA-256 gives 32/],
    [{ usage: 2, selector: 0, matchingType: 2, data: '00'.repeat(32) }, 'wrong-length', /has 32 bytes of data where SHA-512 gives 64/],
    [{ usage: 3, selector: 1, matchingType: 0, data: '' }, 'not-hex', /no association data/],
    [{ usage: 3, selector: 1, matchingType: 0, data: 'abc' }, 'not-hex', /no association data/],
    [{ usage: 3, selector: 1, matchingType: 0, data: 'zz' }, 'not-hex', /no association data/],
  ];
  for (const [r, problem, message] of cases) {
    const p = parseTlsa(r);
    assert.equal(p.usable, false, JSON.stringify(r));
    assert.equal(p.problem?.problem, problem);
    assert.match(p.problem!.message, message);
    assert.ok(p.problem!.message.startsWith(`TLSA record ${r.usage} ${r.selector} ${r.matchingType} `), p.problem!.message);
  }
});

test('records: a megabyte of data is clipped in messages; hostile text in the data is shown escaped', () => {
  const huge = parseTlsa({ usage: 3, selector: 0, matchingType: 1, data: 'f'.repeat(1_000_000) });
  assert.equal(huge.problem?.problem, 'wrong-length');
  assert.ok(huge.problem!.message.length < 300, huge.problem!.message);
  const hostile = parseTlsa({ usage: 3, selector: 1, matchingType: 0, data: '\u001b[31m\u202e' });
  assert.equal(hostile.problem?.problem, 'not-hex');
  assert.ok(!/[\u001b\u202e]/.test(hostile.problem!.message), hostile.problem!.message);
  assert.match(hostile.problem!.message, /\\u001b/);
});

test('tlsaMatches: every selector and matching type against the bytes openssl gives, RSA and ECDSA', (t) => {
  if (!hasOpenssl()) return t.skip('openssl is not installed');
  const f = fixtures();
  const certs = { rsa: f.leaf.cert, ecdsa: f.ec!.p256.cert };
  for (const [kind, pem] of Object.entries(certs)) {
    const file = f.file(`tlsa-${kind}.pem`, pem);
    const keys = keysOf(pem);
    const other = keysOf(kind === 'rsa' ? certs.ecdsa : certs.rsa);
    for (const selector of [0, 1])
      for (const matchingType of [0, 1, 2]) {
        const data = opensslData(f.dir, file, selector, matchingType);
        const r = { usage: 3, selector, matchingType, data };
        assert.ok(tlsaMatches(r, keys), `${kind} ${selector} ${matchingType}`);
        assert.ok(tlsaMatches({ ...r, data: data.toUpperCase() }, keys), 'upper-case hex');
        assert.ok(!tlsaMatches(r, other), `${kind} ${selector} ${matchingType} against the other key`);
        assert.ok(!tlsaMatches({ ...r, selector: 1 - selector }, keys), 'the other selector');
      }
    assert.ok(!tlsaMatches({ usage: 3, selector: 1, matchingType: 3, data: opensslData(f.dir, file, 1, 1) }, keys), 'unknown matching type');
  }
});

test('judgement: the RSA and ECDSA chains of one service, each needing its own record', (t) => {
  if (!hasOpenssl()) return t.skip('openssl is not installed');
  const f = fixtures();
  const rsaFile = f.file('tlsa-j-rsa.pem', f.leaf.cert);
  const ecFile = f.file('tlsa-j-ec.pem', f.ec!.p256.cert);
  const chains: ChainOnDisk[] = [
    { source: '/etc/postfix/rsa.pem', certificates: [keysOf(f.leaf.cert), keysOf(f.intermediate.cert)] },
    { source: '/etc/postfix/ecdsa.pem', certificates: [keysOf(f.ec!.p256.cert), keysOf(f.ec!.root.cert)] },
  ];
  const rsa311 = { usage: 3, selector: 1, matchingType: 1, data: opensslData(f.dir, rsaFile, 1, 1) };
  const ec301 = { usage: 3, selector: 0, matchingType: 1, data: opensslData(f.dir, ecFile, 0, 1) };

  const one = judgeTlsa([rsa311], chains, OWNER);
  assert.deepEqual(one.chains.map((c) => c.authenticated), [true, false]);
  assert.deepEqual(one.records[0]!.matches, [{ chain: 0, depth: 0 }]);
  assert.equal(one.fragile, false);
  assert.deepEqual(one.problems.map((p) => [p.problem, p.message]), [
    ['chain-not-matched', `A DANE sender that is sent the certificate of /etc/postfix/ecdsa.pem would defer mail: no usable TLSA record at ${OWNER} matches it.`],
  ]);

  const both = judgeTlsa([rsa311, ec301], chains, OWNER);
  assert.deepEqual(both.chains.map((c) => c.by), [[0], [1]]);
  assert.deepEqual(both.problems, []);

  const fragile = judgeTlsa([{ ...rsa311, selector: 0, data: opensslData(f.dir, rsaFile, 0, 1) }, ec301], chains, OWNER);
  assert.equal(fragile.fragile, true);
  assert.deepEqual(fragile.problems.map((p) => p.problem), ['fragile']);
  assert.match(fragile.problems[0]!.message, /the next renewal breaks them all, even with the same key\. Publish a record of the key instead, such as 3 1 1\./);
});

test('judgement: DANE-TA needs its anchor in the chain file; DANE-EE is the leaf only; PKIX and stale records', (t) => {
  if (!hasOpenssl()) return t.skip('openssl is not installed');
  const f = fixtures();
  const rootFile = f.file('tlsa-root.pem', f.root.cert);
  const intFile = f.file('tlsa-int.pem', f.intermediate.cert);
  const leafFile = f.file('tlsa-leaf.pem', f.leaf.cert);
  const chains: ChainOnDisk[] = [{ source: '/etc/postfix/chain.pem', certificates: [keysOf(f.leaf.cert), keysOf(f.intermediate.cert)] }];
  const rec = (usage: number, file: string, selector = 1, matchingType = 1) => ({ usage, selector, matchingType, data: opensslData(f.dir, file, selector, matchingType) });

  const ta = judgeTlsa([rec(2, intFile)], chains, OWNER);
  assert.equal(ta.chains[0]!.authenticated, true);
  assert.deepEqual(ta.records[0]!.authenticates, [{ chain: 0, depth: 1 }]);

  const rootOnly = judgeTlsa([rec(2, rootFile, 0, 1)], chains, OWNER);
  assert.equal(rootOnly.chains[0]!.authenticated, false);
  const anchor = rootOnly.problems.find((p) => p.problem === 'anchor-missing');
  assert.match(anchor!.message, /^TLSA record 2 0 1 [0-9a-f]{24}… \(DANE-TA\) names a trust anchor that is in no chain file: a server must send the anchor it publishes \(RFC 7671 section 5\.2\.2\)/);

  // A whole anchor in DNS (2 1 0, 2 0 0) need not be sent: its key verifies the intermediate's signature.
  const published = judgeTlsa([rec(2, rootFile, 1, 0)], chains, OWNER);
  assert.deepEqual(published.records[0]!.authenticates, [{ chain: 0, depth: 1, signedBy: true }]);
  assert.deepEqual(published.problems, []);
  assert.equal(judgeTlsa([rec(2, f.file('tlsa-other-root.pem', f.privateRoot.cert), 0, 0)], chains, OWNER).chains[0]!.authenticated, false, 'an anchor that signed nothing here');

  const taLeaf = judgeTlsa([rec(2, leafFile)], chains, OWNER).problems.find((p) => p.problem === 'anchor-missing');
  assert.match(taLeaf!.message, /matches the server's own certificate in \/etc\/postfix\/chain\.pem, which cannot be its own trust anchor: publish it as usage 3/);

  const eeIssuer = judgeTlsa([rec(3, intFile)], chains, OWNER);
  assert.equal(eeIssuer.chains[0]!.authenticated, false);
  assert.deepEqual(eeIssuer.records[0]!.matches, [{ chain: 0, depth: 1 }]);
  assert.match(eeIssuer.problems.find((p) => p.problem === 'ee-matches-issuer')!.message, /\(DANE-EE\) matches a CA certificate of \/etc\/postfix\/chain\.pem/);

  const pkix = judgeTlsa([rec(1, leafFile), rec(0, intFile)], chains, OWNER);
  assert.equal(pkix.chains[0]!.authenticated, false, 'a PKIX record that matches counts for nothing');
  assert.equal(pkix.records[0]!.matches.length, 1, 'but where it matches is still said');
  assert.deepEqual(pkix.problems.map((p) => p.problem), ['unusable-record', 'unusable-record', 'no-usable-records']);
  assert.match(pkix.problems[2]!.message, new RegExp(`^No TLSA record at ${OWNER.replace(/\./g, '\\.')} is usable by a DANE SMTP sender: senders still demand TLS`));

  const stale = judgeTlsa([rec(3, leafFile), { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }], chains, OWNER);
  assert.equal(stale.chains[0]!.authenticated, true);
  assert.deepEqual(stale.problems.map((p) => [p.problem, p.record]), [['matches-nothing', 1]]);
  assert.match(stale.problems[0]!.message, /matches no certificate or key on disk: a key published ahead of a rollover, or one left from an old certificate\./);

  assert.deepEqual(judgeTlsa([], chains, OWNER), { records: [], chains: [{ source: '/etc/postfix/chain.pem', authenticated: false, by: [] }], fragile: false, problems: [] }, 'no TLSA: nothing to say');
});

test('judgement: a hostile owner name and source path appear escaped and clipped', () => {
  const j = judgeTlsa([{ usage: 3, selector: 1, matchingType: 1, data: '00'.repeat(32) }], [{ source: `/tmp/\u001b]0;x\u0007${'a'.repeat(500)}`, certificates: [] }], `\u202e${'b'.repeat(5000)}`);
  for (const p of j.problems) {
    assert.ok(!/[\u0007\u001b\u202e]/.test(p.message), p.message);
    assert.ok(p.message.length < 600, `${p.message.length} characters`);
  }
  assert.deepEqual(j.problems.map((p) => p.problem), ['chain-not-matched', 'matches-nothing']);
});

// ldns-dane -n -c CHAIN -t TLSA verify: exit 0 when a record authenticates the chain, 1 when not.
// With usage 2 it checks the leaf's name against the TLSA owner written with its trailing dot, so
// these chains are made here by openssl with that name; -n turns off only the DANE-EE name check.
test('cross-check: every usage, selector and matching type against ldns-dane, RSA and ECDSA chains', (t) => {
  if (!hasOpenssl()) return t.skip('openssl is not installed');
  if (spawnSync('ldns-dane', ['-v']).error) {
    const why = 'ldns-dane not installed (apt-get install ldnsutils): the TLSA cross-check DID NOT RUN';
    if (process.env.CI) throw new Error(why);
    console.warn(`\n*** SKIPPED: ${why} ***\n`);
    return t.skip(why);
  }
  const dir = fixtures().dir;
  const run = (args: string[]) => {
    const r = openssl(args, dir);
    assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  };
  const newkey = { rsa: ['-newkey', 'rsa:2048'], ec: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] };
  const chainFiles: { kind: string; certs: string[] }[] = [];
  for (const kind of ['rsa', 'ec'] as const) {
    const ca = (name: string, issuer?: string) => {
      if (!issuer) run(['req', '-x509', ...newkey[kind], '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
      else {
        run(['req', '-new', ...newkey[kind], '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
        run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', '2', '-days', '30', '-copy_extensions', 'copyall', '-out', `${name}.pem`]);
      }
    };
    ca(`dane-${kind}-root`);
    ca(`dane-${kind}-int`, `dane-${kind}-root`);
    const leaf = `dane-${kind}-leaf`;
    run(['req', '-new', ...newkey[kind], '-nodes', '-keyout', `${leaf}.key`, '-out', `${leaf}.csr`, '-subj', '/CN=mx.example.test', '-addext', 'subjectAltName=DNS:mx.example.test.,DNS:mx.example.test']);
    run(['x509', '-req', '-in', `${leaf}.csr`, '-CA', `dane-${kind}-int.pem`, '-CAkey', `dane-${kind}-int.key`, '-set_serial', '3', '-days', '30', '-copy_extensions', 'copyall', '-out', `${leaf}.pem`]);
    // One chain file with the root sent, one without: DANE-TA of the root must fail on the second.
    chainFiles.push({ kind: `${kind} leaf+int+root`, certs: [`${leaf}.pem`, `dane-${kind}-int.pem`, `dane-${kind}-root.pem`] });
    chainFiles.push({ kind: `${kind} leaf+int`, certs: [`${leaf}.pem`, `dane-${kind}-int.pem`] });
  }
  const pemOf = (file: string) => spawnSync('cat', [join(dir, file)], { encoding: 'utf8' }).stdout;
  let compared = 0;
  let matched = 0;
  for (const chain of chainFiles) {
    const chainPath = join(dir, `chain-${chain.kind.replace(/\W+/g, '-')}.pem`);
    writeFileSync(chainPath, chain.certs.map(pemOf).join(''));
    const onDisk: ChainOnDisk[] = [{ source: chainPath, certificates: chain.certs.map((c) => keysOf(pemOf(c))) }];
    // Records made from every certificate of the longest chain, so some name what this chain lacks.
    const from = chainFiles.find((c) => c.kind.startsWith(chain.kind.split(' ')[0]!) && c.certs.length === 3)!.certs;
    for (const cert of from)
      for (const usage of [2, 3])
        for (const selector of [0, 1])
          for (const matchingType of [0, 1, 2]) {
            const data = opensslData(dir, cert, selector, matchingType);
            const tlsaPath = join(dir, 'one.tlsa');
            writeFileSync(tlsaPath, `${OWNER}. 3600 IN TLSA ${usage} ${selector} ${matchingType} ${data}\n`);
            const ldns = spawnSync('ldns-dane', ['-n', '-c', chainPath, '-t', tlsaPath, 'verify'], { encoding: 'utf8' });
            assert.ok(ldns.status === 0 || ldns.status === 1, `ldns-dane: ${ldns.stderr}`);
            const ours = judgeTlsa([{ usage, selector, matchingType, data }], onDisk, OWNER).chains[0]!.authenticated;
            assert.equal(ours, ldns.status === 0, `${chain.kind}: ${usage} ${selector} ${matchingType} of ${cert}: ldns-dane says ${ldns.stdout.trim()}`);
            compared++;
            if (ours) matched++;
          }
  }
  // Both verdicts occur: the loop proves agreement on matches and on refusals.
  assert.ok(matched > 0 && matched < compared, `${matched} of ${compared}`);
});
