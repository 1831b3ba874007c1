// Recognises what a file is when it is not a PEM file with certificates in it, so that the finding
// can say what the admin actually pointed Postfix at (a DER certificate, a PKCS#12 bundle, a key…).
// Bounded: reads a few TLV headers, at most one X509Certificate parse. Never throws.

import { X509Certificate } from 'node:crypto';
import { oidText, readChildren, readTlv, smallInteger } from './der.js';
import { bytesToLatin1 } from './pem.js';

export type FileFormat =
  | { kind: 'empty' }
  | { kind: 'der-certificate'; subject: string }
  | { kind: 'pkcs12' }
  | { kind: 'pkcs7' }
  | { kind: 'der-private-key'; encrypted: boolean }
  | { kind: 'der-csr' }
  | { kind: 'der-public-key' }
  | { kind: 'der-unknown' }
  | { kind: 'base64-without-armor'; inner: FileFormat }
  | { kind: 'text' }
  | { kind: 'binary' };

const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
const OID_PKCS7_SIGNED = '1.2.840.113549.1.7.2';

export function detectFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length === 0 || (bytes.length <= 4096 && /^\s*$/.test(bytesToLatin1(bytes)))) return { kind: 'empty' };
  const der = detectDer(bytes);
  if (der) return der;
  const head = bytesToLatin1(bytes.subarray(0, 64 * 1024));
  if (isText(head)) {
    const b64 = head.replace(/\s+/g, '');
    if (b64.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      const inner = detectDer(new Uint8Array(Buffer.from(b64, 'base64')));
      if (inner) return { kind: 'base64-without-armor', inner };
    }
    return { kind: 'text' };
  }
  return { kind: 'binary' };
}

function isText(s: string): boolean {
  let control = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) control++;
  }
  return control === 0;
}

function detectDer(bytes: Uint8Array): FileFormat | undefined {
  const top = readTlv(bytes, 0);
  if (!top || top.tag !== 0x30 || top.end !== bytes.length) return undefined;
  const c = readChildren(bytes, top);
  const [a, b, d] = c;
  if (!a) return { kind: 'der-unknown' };
  if (a.tag === 0x02) {
    const version = smallInteger(bytes, a);
    if (version === 3 && b?.tag === 0x30 && oidText(bytes, readChildren(bytes, b, 1)[0]) === OID_PKCS7_DATA) return { kind: 'pkcs12' };
    if ((version === 0 || version === 1) && b?.tag === 0x30 && d?.tag === 0x04) return { kind: 'der-private-key', encrypted: false };
    if (version === 1 && b?.tag === 0x04) return { kind: 'der-private-key', encrypted: false }; // SEC1 EC key
    if (version === 0 && c.length >= 9 && c.every((t) => t.tag === 0x02)) return { kind: 'der-private-key', encrypted: false };
    return { kind: 'der-unknown' };
  }
  if (a.tag === 0x06) {
    return oidText(bytes, a) === OID_PKCS7_SIGNED ? { kind: 'pkcs7' } : { kind: 'der-unknown' };
  }
  if (a.tag === 0x30 && b?.tag === 0x30 && d?.tag === 0x03 && c.length === 3) {
    const tbs = readChildren(bytes, a);
    if (tbs[0]?.tag === 0xa0 || tbs.length >= 6) return { kind: 'der-certificate', subject: subjectOf(bytes) };
    return { kind: 'der-csr' };
  }
  if (a.tag === 0x30 && b?.tag === 0x04 && c.length === 2) return { kind: 'der-private-key', encrypted: true };
  if (a.tag === 0x30 && b?.tag === 0x03 && c.length === 2) return { kind: 'der-public-key' };
  return { kind: 'der-unknown' };
}

function subjectOf(der: Uint8Array): string {
  try {
    return new X509Certificate(der).subject.split('\n').join(', ');
  } catch {
    return '';
  }
}

/** What the file is, in words, for messages ("a PKCS#12 (.p12/.pfx) bundle"). */
export function describeFormat(f: FileFormat): string {
  switch (f.kind) {
    case 'empty':
      return 'empty';
    case 'der-certificate':
      return `a certificate in binary DER form${f.subject ? ` (${f.subject})` : ''}, not PEM`;
    case 'pkcs12':
      return 'a PKCS#12 (.p12/.pfx) bundle, not PEM';
    case 'pkcs7':
      return 'a PKCS#7 (.p7b) bundle in binary form, not PEM';
    case 'der-private-key':
      return `a ${f.encrypted ? 'password-protected ' : ''}private key in binary DER form, not a PEM certificate`;
    case 'der-csr':
      return 'a certificate signing request (CSR) in binary DER form, not a certificate';
    case 'der-public-key':
      return 'a bare public key in binary DER form, not a certificate';
    case 'der-unknown':
      return 'binary ASN.1 (DER) data of an unknown kind, not PEM';
    case 'base64-without-armor':
      return `base64 text without "-----BEGIN …-----" lines, holding ${describeFormat(f.inner).replace(/, not PEM$/, '')}`;
    case 'text':
      return 'text without any "-----BEGIN CERTIFICATE-----" line';
    case 'binary':
      return 'binary data that is neither PEM, DER nor PKCS#12 (random or damaged bytes)';
  }
}

/** How to turn that format into what Postfix reads, or '' when there is no standard recipe. */
export function conversionHint(f: FileFormat, path: string): string {
  const p = JSON.stringify(path).slice(1, -1);
  switch (f.kind) {
    case 'der-certificate':
      return `Convert it: openssl x509 -inform DER -in ${p} -out ${p}.pem`;
    case 'pkcs12':
      return `Extract the certificates and the key: openssl pkcs12 -in ${p} -nodes -out ${p}.pem`;
    case 'pkcs7':
      return `Extract the certificates: openssl pkcs7 -inform DER -print_certs -in ${p} -out ${p}.pem`;
    case 'base64-without-armor':
      return 'Add the missing "-----BEGIN …-----" and "-----END …-----" lines, or download the PEM file again.';
    default:
      return '';
  }
}
