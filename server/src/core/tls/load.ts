// Turns PEM blocks into what the checks work on: parsed certificates (Node's X509Certificate plus
// the fields read by certificate-info) and private keys (Node KeyObjects). Never throws.

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readCertificateInfo, type CertificateInfo } from './certificate-info.js';
import { CURVE_NAMES } from './oids.js';
import type { PemBlock } from './pem.js';

export interface LoadedCertificate {
  x509: X509Certificate;
  info: CertificateInfo;
  /** The file it came from. */
  path: string;
}

export interface LoadedKey {
  key: KeyObject;
  /** "RSA 2048", "EC P-256", "Ed25519". */
  description: string;
  path: string;
  /** 0-based line of the key's BEGIN line. */
  line: number;
}

/** The certificate, or why OpenSSL cannot read the block as one. */
export function loadCertificate(block: PemBlock, path: string, index: number): LoadedCertificate | { damage: string } {
  if (!block.der) return { damage: block.damage ?? 'cannot be decoded' };
  try {
    const x509 = new X509Certificate(block.der);
    return { x509, info: readCertificateInfo(block.der, x509, index, block.line), path };
  } catch (e) {
    return { damage: `is not a certificate OpenSSL can read (${shortError(e)})` };
  }
}

/** The private key, or why it cannot be used (`encrypted` is set for pass-phrase protected keys). */
export function loadKey(block: PemBlock, path: string): LoadedKey | { damage: string; encrypted: boolean } {
  if (block.kind === 'encrypted-private-key') return { damage: 'is protected by a pass-phrase', encrypted: true };
  if (!block.der) return { damage: block.damage ?? 'cannot be decoded', encrypted: false };
  const b64 = (Buffer.from(block.der).toString('base64').match(/.{1,64}/g) ?? []).join('\n');
  const pem = `-----BEGIN ${block.label}-----\n${b64}\n-----END ${block.label}-----\n`;
  try {
    const key = createPrivateKey(pem);
    return { key, description: describeKey(key), path, line: block.line };
  } catch (e) {
    return { damage: `is not a private key OpenSSL can read (${shortError(e)})`, encrypted: false };
  }
}

export function describeKey(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  const d = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'rsa':
    case 'rsa-pss':
    case 'dsa':
      return `${type.toUpperCase()} ${d.modulusLength ?? '?'}`;
    case 'ec':
      return `EC ${CURVE_NAMES.get(d.namedCurve ?? '') ?? d.namedCurve ?? '?'}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return type;
  }
}

/** The key of a certificate in the words of describeKey. */
export function describeCertificateKey(info: CertificateInfo): string {
  if (info.keyAlgorithm === 'EC') return `EC ${info.curve ?? '?'}`;
  if (info.keyAlgorithm === 'RSA' || info.keyAlgorithm === 'RSA-PSS' || info.keyAlgorithm === 'DSA') return `${info.keyAlgorithm} ${info.keySize ?? '?'}`;
  return info.keyAlgorithm;
}

/** True when the private key belongs to the certificate. */
export function keyMatches(cert: LoadedCertificate, key: LoadedKey): boolean {
  try {
    return cert.x509.checkPrivateKey(key.key);
  } catch {
    return false;
  }
}

function shortError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.slice(0, 120);
}
