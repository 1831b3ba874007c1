// The fields of one certificate, as plain data. Node's X509Certificate (OpenSSL) is the authority
// for parsing, the key and the fingerprint; node-forge's ASN.1 layer is used only to read fields
// Node does not expose (key usage bits, pathLen, AKI/SKI, the SAN list, the signature algorithm).
// forge's `pki` layer is never used: it cannot read EC or Ed25519 certificates.

import type { X509Certificate } from 'node:crypto';
import type { asn1 as Asn1Types, util as UtilTypes } from 'node-forge';
import forge from './forge-asn1.js';
import { CURVE_BITS, CURVE_NAMES, EXT, EXTENDED_KEY_USAGES, HASH_ALGORITHMS, KEY_USAGE_BITS, NAME_ATTRIBUTES, SIGNATURE_ALGORITHMS } from './oids.js';

type Asn1 = Asn1Types.Asn1;

export interface CertificateInfo {
  /** 0-based position among the certificates of its file; -1 for a trusted root not from the file. */
  index: number;
  /** 0-based line of its BEGIN line in the file; -1 when not from the file. */
  line: number;
  /** "CN=mail.example.com, O=Example", attributes in certificate order, values decoded to Unicode. */
  subject: string;
  commonName?: string;
  issuer: string;
  /** Lower-case hex, no separators. */
  serialNumber: string;
  /** subjectAltName dNSName entries exactly as written (A-labels stay "xn--…"). */
  dnsNames: string[];
  /** subjectAltName iPAddress entries, dotted IPv4 or full-form IPv6. */
  ipAddresses: string[];
  /** basicConstraints cA; false when the extension is absent. */
  isCA: boolean;
  pathLength?: number;
  /** keyUsage bit names; undefined when the extension is absent (any usage allowed). */
  keyUsage?: string[];
  /** extKeyUsage names (or OIDs when unknown); undefined when absent (any purpose allowed). */
  extKeyUsage?: string[];
  /** Lower-case hex. */
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** ISO 8601, UTC. */
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: string;
  /** Hash the signature uses ('sha1', 'sha256', 'md5'…); '' for EdDSA or when unknown. */
  signatureHash: string;
  /** 'RSA', 'RSA-PSS', 'EC', 'Ed25519', 'Ed448', 'DSA' or what Node reports. */
  keyAlgorithm: string;
  /** Bits: RSA/DSA modulus length, EC curve size. */
  keySize?: number;
  /** 'P-256', 'P-384'… for EC keys. */
  curve?: string;
  /** "AB:CD:…", upper-case, as OpenSSL prints it. */
  fingerprintSha256: string;
}

const KEY_ALGORITHMS: ReadonlyMap<string, string> = new Map(Object.entries({ rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA', dh: 'DH' }));
/** Upper bound on SAN entries kept; a certificate with more is still analysed by OpenSSL. */
const MAX_SAN_ENTRIES = 10_000;

export function readCertificateInfo(der: Uint8Array, x509: X509Certificate, index: number, line: number): CertificateInfo {
  const info: CertificateInfo = {
    index,
    line,
    subject: x509.subject.split('\n').join(', '),
    issuer: x509.issuer.split('\n').join(', '),
    serialNumber: x509.serialNumber.toLowerCase(),
    dnsNames: [],
    ipAddresses: [],
    isCA: x509.ca,
    notBefore: toIso(x509.validFrom),
    notAfter: toIso(x509.validTo),
    signatureAlgorithm: 'unknown',
    signatureHash: '',
    keyAlgorithm: 'unknown',
    fingerprintSha256: x509.fingerprint256,
  };
  readKey(x509, info);
  try {
    walk(der, info);
  } catch {
    // Node accepted the certificate; keep the fields it gave when forge cannot follow.
  }
  return info;
}

function readKey(x509: X509Certificate, info: CertificateInfo): void {
  try {
    const key = x509.publicKey;
    const type = key.asymmetricKeyType ?? 'unknown';
    info.keyAlgorithm = KEY_ALGORITHMS.get(type) ?? type;
    const d = key.asymmetricKeyDetails ?? {};
    if (d.modulusLength) info.keySize = d.modulusLength;
    if (d.namedCurve) {
      info.curve = CURVE_NAMES.get(d.namedCurve) ?? d.namedCurve;
      const bits = CURVE_BITS.get(d.namedCurve);
      if (bits) info.keySize = bits;
    }
    if (type === 'ed25519') info.keySize = 256;
    if (type === 'ed448') info.keySize = 456;
  } catch {
    // unsupported key type: keyAlgorithm stays 'unknown'
  }
}

function walk(der: Uint8Array, info: CertificateInfo): void {
  const binary = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
  const fromDer = forge.asn1.fromDer as unknown as (b: UtilTypes.ByteBuffer, o: object) => Asn1;
  const cert = kids(fromDer(forge.util.createBuffer(binary), { strict: true, decodeBitStrings: false }));
  const tbs = kids(cert[0]);
  const sig = kids(cert[1]);
  const sigOid = oid(sig[0]);
  const known = SIGNATURE_ALGORITHMS.get(sigOid);
  info.signatureAlgorithm = known?.name ?? sigOid;
  info.signatureHash = known?.hash ?? '';
  if (sigOid === '1.2.840.113549.1.1.10') info.signatureHash = pssHash(sig[1]);
  let i = tbs[0] && tbs[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && tbs[0].type === 0 ? 1 : 0;
  i += 2; // serialNumber, signature
  const issuer = tbs[i++];
  const validity = kids(tbs[i++]);
  const subject = tbs[i++];
  i++; // subjectPublicKeyInfo
  info.issuer = formatName(issuer);
  const subjectName = formatName(subject);
  if (subjectName || info.subject === '') info.subject = subjectName;
  info.commonName = commonName(subject);
  info.notBefore = timeOf(validity[0]) ?? info.notBefore;
  info.notAfter = timeOf(validity[1]) ?? info.notAfter;
  for (; i < tbs.length; i++) {
    const t = tbs[i]!;
    if (t.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && t.type === 3) {
      for (const ext of kids(kids(t)[0])) readExtension(ext, info);
    }
  }
}

function readExtension(ext: Asn1, info: CertificateInfo): void {
  const parts = kids(ext);
  const id = oid(parts[0]);
  const octets = parts[parts.length - 1];
  if (!octets || typeof octets.value !== 'string') return;
  const fromDer = forge.asn1.fromDer as unknown as (b: string, o: object) => Asn1;
  const value = fromDer(octets.value, { strict: true, decodeBitStrings: false });
  switch (id) {
    case EXT.subjectAltName:
      for (const gn of kids(value)) {
        if (info.dnsNames.length + info.ipAddresses.length >= MAX_SAN_ENTRIES) break;
        if (gn.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || typeof gn.value !== 'string') continue;
        if (gn.type === 2) info.dnsNames.push(gn.value);
        else if (gn.type === 7) info.ipAddresses.push(formatIp(gn.value));
      }
      break;
    case EXT.basicConstraints: {
      const v = kids(value);
      let j = 0;
      if (v[j]?.type === forge.asn1.Type.BOOLEAN) info.isCA = bytes(v[j++]).charCodeAt(0) !== 0;
      else info.isCA = false;
      if (v[j]?.type === forge.asn1.Type.INTEGER) info.pathLength = forge.asn1.derToInteger(bytes(v[j]));
      break;
    }
    case EXT.keyUsage: {
      const bits = bytes(value);
      const names: string[] = [];
      for (let b = 0; b < KEY_USAGE_BITS.length; b++) {
        const byte = bits.charCodeAt(1 + (b >> 3));
        if (!Number.isNaN(byte) && byte & (0x80 >> (b & 7))) names.push(KEY_USAGE_BITS[b]!);
      }
      info.keyUsage = names;
      break;
    }
    case EXT.extKeyUsage:
      info.extKeyUsage = kids(value).map((o) => {
        const dotted = oid(o);
        return EXTENDED_KEY_USAGES.get(dotted) ?? dotted;
      });
      break;
    case EXT.subjectKeyId:
      info.subjectKeyId = forge.util.bytesToHex(bytes(value));
      break;
    case EXT.authorityKeyId:
      for (const k of kids(value)) {
        if (k.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && k.type === 0) info.authorityKeyId = forge.util.bytesToHex(bytes(k));
      }
      break;
  }
}

function kids(a: Asn1 | undefined): Asn1[] {
  return a && Array.isArray(a.value) ? a.value : [];
}

function bytes(a: Asn1 | undefined): string {
  return a && typeof a.value === 'string' ? a.value : '';
}

function oid(a: Asn1 | undefined): string {
  return a && a.type === forge.asn1.Type.OID && typeof a.value === 'string' ? forge.asn1.derToOid(a.value) : '';
}

function pssHash(params: Asn1 | undefined): string {
  // RSASSA-PSS-params: [0] hashAlgorithm AlgorithmIdentifier DEFAULT sha1
  for (const p of kids(params)) {
    if (p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0) return HASH_ALGORITHMS.get(oid(kids(kids(p)[0])[0])) ?? '';
  }
  return 'sha1';
}

function timeOf(a: Asn1 | undefined): string | undefined {
  if (!a || typeof a.value !== 'string') return undefined;
  const d = a.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(a.value) : forge.asn1.generalizedTimeToDate(a.value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function toIso(openSslDate: string): string {
  const d = new Date(openSslDate);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

function formatName(name: Asn1 | undefined): string {
  const out: string[] = [];
  for (const rdn of kids(name)) {
    const attrs = kids(rdn).map((atv) => {
      const [type, value] = kids(atv);
      const id = oid(type);
      return `${NAME_ATTRIBUTES.get(id) ?? id}=${decodeString(value)}`;
    });
    out.push(attrs.join(' + '));
  }
  return out.join(', ');
}

function commonName(name: Asn1 | undefined): string | undefined {
  let cn: string | undefined;
  for (const rdn of kids(name)) {
    for (const atv of kids(rdn)) {
      const [type, value] = kids(atv);
      if (oid(type) === '2.5.4.3') cn = decodeString(value); // the last CN wins, as in OpenSSL
    }
  }
  return cn;
}

/** Directory string to Unicode: forge hands every value over as a binary (latin1) string. */
function decodeString(a: Asn1 | undefined): string {
  const raw = bytes(a);
  const buf = Buffer.from(raw, 'latin1');
  switch (a?.type as number | undefined) {
    case forge.asn1.Type.UTF8:
      return buf.toString('utf8');
    case forge.asn1.Type.BMPSTRING:
      return buf.length % 2 === 0 ? Buffer.from(buf).swap16().toString('utf16le') : raw;
    case 28: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < buf.length; i += 4) s += String.fromCodePoint(buf.readUInt32BE(i) & 0x10ffff);
      return s;
    }
    default:
      return raw;
  }
}

function formatIp(raw: string): string {
  const b = Buffer.from(raw, 'latin1');
  if (b.length === 4) return [...b].join('.');
  if (b.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
    return groups.join(':');
  }
  return b.toString('hex');
}
