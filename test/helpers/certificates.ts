// Test certificates, made at test time so that validity is relative to "now". RSA certificates are
// built with node-forge (keys from Node's native generator: forge's own RSA key generation is
// slow); ECDSA P-256/P-384 and Ed25519 ones with the openssl command (argument arrays, no shell).
// Everything is written into one temp directory per process, also as files for `openssl verify`.

import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import forge from 'node-forge';

const DAY = 86_400_000;

export interface Pair {
  cert: string;
  key: string;
}

interface Issuer {
  cert: forge.pki.Certificate;
  keyPem: string;
}

interface Spec {
  cn: string;
  sans?: string[];
  ips?: string[];
  ca?: boolean;
  pathLen?: number;
  eku?: ('serverAuth' | 'clientAuth')[];
  from?: number; // days relative to now
  to?: number;
  md?: 'sha256' | 'sha1';
  bits?: number;
  issuer?: Issuer; // absent = self-signed
  keyPem?: string; // reuse a key
}

let serial = 1;

// RSA key generation costs ~250 ms a key; keys do not depend on the time, so they are kept across
// test processes in a shared temp directory (written atomically: tests run in parallel).
const KEY_DIR = join(tmpdir(), 'postfix-lens-test-keys');
let keyCount = 0;

function rsaKey(bits: number): string {
  const path = join(KEY_DIR, `rsa-${bits}-${keyCount++}.pem`);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    const pem = generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(KEY_DIR, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, pem);
    renameSync(tmp, path);
    return pem;
  }
}

interface Made extends Pair {
  certObj: forge.pki.Certificate;
}

function make(spec: Spec): Made {
  const keyPem = spec.keyPem ?? rsaKey(spec.bits ?? 2048);
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  const now = Date.now();
  cert.validity.notBefore = new Date(now + (spec.from ?? -1) * DAY);
  cert.validity.notAfter = new Date(now + (spec.to ?? 365) * DAY);
  const subject = [{ shortName: 'CN', value: spec.cn }, { shortName: 'O', value: 'postfix-lens tests' }];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : subject);
  const ski = forge.pki.getPublicKeyFingerprint(publicKey, { md: forge.md.sha1.create() }).getBytes();
  const issuerKey = spec.issuer ? spec.issuer.cert.publicKey : publicKey;
  const aki = forge.pki.getPublicKeyFingerprint(issuerKey as forge.pki.rsa.PublicKey, { md: forge.md.sha1.create() }).getBytes();
  const ext: object[] = [
    { name: 'basicConstraints', cA: spec.ca ?? false, ...(spec.pathLen !== undefined ? { pathLenConstraint: spec.pathLen } : {}), critical: true },
    spec.ca ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(ski) },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
  ];
  if (spec.eku) ext.push({ name: 'extKeyUsage', ...Object.fromEntries(spec.eku.map((e) => [e, true])) });
  if (spec.sans || spec.ips) {
    ext.push({ name: 'subjectAltName', altNames: [...(spec.sans ?? []).map((value) => ({ type: 2, value })), ...(spec.ips ?? []).map((ip) => ({ type: 7, ip }))] });
  }
  cert.setExtensions(ext);
  // forge builds the TBSCertificate; Node signs it (forge's JS RSA would take ~50 ms a signature).
  const md = spec.md ?? 'sha256';
  const signerPem = spec.issuer?.keyPem ?? keyPem;
  const signer = { sign: () => nodeSign(md, asn1ToBytes(cert.tbsCertificate), signerPem) };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, md === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keyPem, certObj: cert };
}

export interface Fixtures {
  dir: string;
  /** Writes `content` into the fixture directory and returns the path. */
  file(name: string, content: string | Uint8Array): string;
  root: Pair;
  intermediate: Pair;
  leaf: Pair; // mail.example.com, smtp.example.com by intermediate
  wildcard: Pair; // *.example.com
  selfSigned: Pair; // mail.example.com
  selfSignedOther: Pair; // other.example.org
  expired: Pair;
  notYetValid: Pair;
  expiringSoon: Pair; // 10 days left
  weak1024: Pair;
  sha1: Pair;
  clientOnly: Pair;
  cnOnly: Pair; // CN=mail.example.com, no SAN
  idna: Pair; // xn--bcher-kva.example (bücher.example)
  ipSan: Pair; // 192.0.2.25
  manySans: Pair; // 5,000 DNS names
  expiredIntermediate: Pair;
  leafOfExpiredIntermediate: Pair;
  notCaIntermediate: Pair; // basicConstraints CA:FALSE used as issuer
  leafOfNotCa: Pair;
  privateRoot: Pair;
  privateLeaf: Pair;
  otherKey: string; // an RSA key that belongs to nothing
  /** openssl-made: undefined when the openssl command is missing. */
  ec?: { root: Pair; p256: Pair; p384: Pair; ed25519: Pair };
  der: Uint8Array; // leaf in DER
  pkcs12: Uint8Array;
  random: Uint8Array;
}

let cached: Fixtures | undefined;

export function fixtures(): Fixtures {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lens-certs-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const root = make({ cn: 'postfix-lens Test Root CA', ca: true, to: 3650, from: -30 });
  const rootI = asIssuer(root);
  const intermediate = make({ cn: 'postfix-lens Test Intermediate', ca: true, pathLen: 0, issuer: rootI, to: 1000, from: -30 });
  const intI = asIssuer(intermediate);
  const leafKey = rsaKey(2048);
  const leafOf = (s: Omit<Spec, 'issuer' | 'keyPem'> & { issuer?: Issuer | null }): Pair => {
    const { issuer, ...rest } = s;
    return strip(make({ eku: ['serverAuth'], ...rest, keyPem: s.bits ? undefined : leafKey, issuer: issuer === null ? undefined : (issuer ?? intI) }));
  };
  const expiredIntermediate = make({ cn: 'postfix-lens Expired Intermediate', ca: true, issuer: rootI, from: -400, to: -5 });
  const notCaIntermediate = make({ cn: 'postfix-lens Not A CA', ca: false, issuer: rootI });
  const privateRoot = make({ cn: 'Private Mail CA', ca: true, to: 3650 });
  const f: Fixtures = {
    dir,
    file,
    root: strip(root),
    intermediate: strip(intermediate),
    leaf: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com', 'smtp.example.com'] }),
    wildcard: leafOf({ cn: '*.example.com', sans: ['*.example.com'] }),
    selfSigned: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], issuer: null }),
    selfSignedOther: leafOf({ cn: 'other.example.org', sans: ['other.example.org'], issuer: null }),
    expired: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], from: -100, to: -10 }),
    notYetValid: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], from: 10, to: 100 }),
    expiringSoon: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], from: -80, to: 10 }),
    weak1024: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], bits: 1024 }),
    sha1: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], md: 'sha1' }),
    clientOnly: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], eku: ['clientAuth'] }),
    cnOnly: leafOf({ cn: 'mail.example.com' }),
    idna: leafOf({ cn: 'xn--bcher-kva.example', sans: ['xn--bcher-kva.example'] }),
    ipSan: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], ips: ['192.0.2.25'] }),
    manySans: leafOf({ cn: 'mail.example.com', sans: Array.from({ length: 5000 }, (_, i) => `host${i}.example.com`).concat('mail.example.com') }),
    expiredIntermediate: strip(expiredIntermediate),
    leafOfExpiredIntermediate: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], issuer: asIssuer(expiredIntermediate) }),
    notCaIntermediate: strip(notCaIntermediate),
    leafOfNotCa: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], issuer: asIssuer(notCaIntermediate) }),
    privateRoot: strip(privateRoot),
    privateLeaf: leafOf({ cn: 'mail.example.com', sans: ['mail.example.com'], issuer: asIssuer(privateRoot) }),
    otherKey: rsaKey(2048),
    der: new Uint8Array(0),
    pkcs12: new Uint8Array(0),
    random: new Uint8Array(randomBytes(4096)),
  };
  const leafForge = forge.pki.certificateFromPem(f.leaf.cert);
  f.der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(leafForge)).getBytes(), 'latin1'));
  const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(f.leaf.key), [leafForge], 'secret', { algorithm: '3des' });
  f.pkcs12 = new Uint8Array(Buffer.from(forge.asn1.toDer(p12).getBytes(), 'latin1'));
  f.ec = opensslFixtures(dir);
  cached = f;
  return f;
}

function asIssuer(p: Made): Issuer {
  return { cert: p.certObj, keyPem: p.key };
}

function asn1ToBytes(a: forge.asn1.Asn1): string {
  return forge.asn1.toDer(a).getBytes();
}

function nodeSign(md: string, tbs: string, keyPem: string): string {
  return sign(md, Buffer.from(tbs, 'latin1'), keyPem).toString('latin1');
}

function strip(p: Pair): Pair {
  return { cert: p.cert, key: p.key };
}

export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

export function openssl(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function opensslFixtures(dir: string): Fixtures['ec'] {
  if (!hasOpenssl()) return undefined;
  const run = (args: string[]): void => {
    const r = openssl(args, dir);
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ecroot.key', '-out', 'ecroot.pem', '-days', '3650', '-subj', '/CN=postfix-lens Test EC Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const leaf = (name: string, newkey: string[]): Pair => {
    run(['req', '-new', ...newkey, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=mail.example.com', '-addext', 'subjectAltName=DNS:mail.example.com,DNS:smtp.example.com', '-addext', 'extendedKeyUsage=serverAuth']);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ecroot.pem', '-CAkey', 'ecroot.key', '-set_serial', String(100 + serial++), '-days', '90', '-copy_extensions', 'copyall', '-out', `${name}.pem`]);
    return read(dir, name);
  };
  return {
    root: read(dir, 'ecroot'),
    p256: leaf('ec256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    p384: leaf('ec384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']),
    ed25519: leaf('ed25519', ['-newkey', 'ed25519']),
  };
}

function read(dir: string, name: string): Pair {
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

/** Bytes of a PEM text, as a file would hold them. */
export function bytes(...parts: string[]): Uint8Array {
  return new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
}

/** Names as a certificate's subject or issuer holds them: CN and O, any Unicode (without lone surrogates). */
export interface Utf8Name {
  cn: string;
  o: string;
}

const forgeKeys = new Map<string, forge.pki.rsa.PrivateKey>();

/**
 * A certificate whose subject and issuer are UTF-8 CN and O and whose DNS names are `sans`, signed
 * by the RSA key `keyPem` (self-signed when `issuer` is null), valid from yesterday for 30 days:
 * for names the fixtures above do not carry (hostile Markdown and HTML).
 */
export function utf8Certificate(keyPem: string, subject: Utf8Name, issuer: Utf8Name | null, sans: string[]): string {
  let key = forgeKeys.get(keyPem);
  if (!key) forgeKeys.set(keyPem, (key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey));
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0bad';
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY);
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  // forge encodes a UTF8String's value to UTF-8 itself: it takes the text as it is.
  const attrs = (n: Utf8Name) => [
    { shortName: 'CN', value: n.cn, valueTagClass: utf8 },
    { shortName: 'O', value: n.o, valueTagClass: utf8 },
  ];
  cert.setSubject(attrs(subject));
  cert.setIssuer(attrs(issuer ?? subject));
  cert.setExtensions([{ name: 'subjectAltName', altNames: sans.map((value) => ({ type: 2, value })) }]);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A CA made for one test run, and server certificates it issues (one RSA key shared by all of them). */
export interface TestCa extends Pair {
  /** A server certificate for `names` (the first is also the CN), valid from yesterday for a year. */
  issue(names: string[], validity?: { from?: number; to?: number }): Pair;
}

export function testCa(cn: string): TestCa {
  const ca = make({ cn, ca: true, to: 3650, from: -30 });
  const issuer = asIssuer(ca);
  const keyPem = rsaKey(2048);
  return {
    ...strip(ca),
    issue: (names, validity = {}) => strip(make({ cn: names[0]!, sans: names, eku: ['serverAuth'], issuer, keyPem, ...validity })),
  };
}
