// Findings about a file as a whole: it holds no usable certificate (cert-not-pem), no usable key
// (key-not-pem, key-encrypted, or key-mismatch when there is simply no key where one is expected).

import { conversionHint, describeFormat, detectFormat } from './file-format.js';
import { where } from './findings.js';
import type { CertificateFinding } from './findings.js';
import type { PemBlock, PemScan } from './pem.js';

/** cert-not-pem for a file without any readable CERTIFICATE block. */
export function noCertificateFinding(path: string, bytes: Uint8Array, scan: PemScan): CertificateFinding {
  const at = { code: 'cert-not-pem', severity: 'error' as const, target: 'cert' as const, path };
  if (scan.blocks.length === 0) {
    const format = detectFormat(bytes);
    if (format.kind === 'empty') return { ...at, message: `${path} is empty: there is no certificate in it.` };
    const hint = conversionHint(format, path);
    const keyNote = format.kind === 'der-private-key' ? ' It looks like the key: the certificate setting must name the certificate file.' : '';
    return { ...at, message: `${path} is ${describeFormat(format)}. Postfix reads certificates only in PEM form ("-----BEGIN CERTIFICATE-----").${keyNote}${hint ? ' ' + hint : ''}` };
  }
  const labels = [...new Set(scan.blocks.map((b) => b.label))];
  const first = scan.blocks[0]!;
  const line = first.line;
  if (scan.blocks.some((b) => b.kind === 'private-key' || b.kind === 'encrypted-private-key')) {
    return { ...at, line, message: `${path} holds a private key (${labels.join(', ')}) but no certificate ("-----BEGIN CERTIFICATE-----"). The certificate and key settings may be swapped: the certificate setting must name the certificate (with certbot: fullchain.pem).` };
  }
  if (labels.some((l) => l.includes('CERTIFICATE REQUEST'))) {
    return { ...at, line, message: `${path} holds a certificate signing request (CSR), not a certificate. Send it to your CA and install the certificate it returns.` };
  }
  if (labels.includes('PKCS7')) {
    return { ...at, line, message: `${path} holds a PKCS#7 bundle, not PEM certificates. Extract them: openssl pkcs7 -print_certs -in ${path} -out ${path}.pem` };
  }
  if (labels.includes('TRUSTED CERTIFICATE')) {
    return { ...at, line, message: `${path} holds an OpenSSL "TRUSTED CERTIFICATE", which Postfix does not load as its certificate. Convert it: openssl x509 -in ${path} -out ${path}.pem` };
  }
  const damaged = scan.blocks.find((b) => b.label === 'CERTIFICATE' && b.damage);
  if (damaged) return damagedCertificateFinding(path, damaged, damaged.damage ?? '');
  return { ...at, line, message: `${path} holds PEM blocks of type ${labels.slice(0, 5).join(', ')} but no certificate ("-----BEGIN CERTIFICATE-----").` };
}

export function damagedCertificateFinding(path: string, block: PemBlock, damage: string): CertificateFinding {
  return {
    code: 'cert-not-pem',
    severity: 'error',
    target: 'cert',
    path,
    line: block.line,
    message: `The certificate block at ${where(path, block.line)} ${damage}. Postfix cannot load a file with a damaged certificate and disables TLS. Copy the file again from its source (with certbot: fullchain.pem).`,
  };
}

/** key-not-pem / key-mismatch for a key file without any private key block. */
export function noKeyFinding(path: string, bytes: Uint8Array, scan: PemScan, keySetting: string): CertificateFinding {
  const at = { target: 'key' as const, path, severity: 'error' as const };
  if (scan.blocks.length === 0) {
    const format = detectFormat(bytes);
    if (format.kind === 'empty') return { ...at, code: 'key-mismatch', message: `${path} is empty: there is no private key for the certificate.` };
    if (format.kind === 'der-private-key' && !format.encrypted) {
      return { ...at, code: 'key-not-pem', message: `${path} is a private key in binary DER form; Postfix reads keys only in PEM form. Convert it: openssl pkey -inform DER -in ${path} -out ${path}.pem` };
    }
    const hint = conversionHint(format, path);
    return { ...at, code: 'key-not-pem', message: `${path} is ${describeFormat(format).replace(/, not (a )?PEM( certificate)?$/, '')}, not a PEM private key ("-----BEGIN PRIVATE KEY-----").${hint ? ' ' + hint : ''}` };
  }
  const labels = [...new Set(scan.blocks.map((b) => b.label))];
  return {
    ...at,
    code: 'key-mismatch',
    line: scan.blocks[0]!.line,
    message: `No private key was found: ${path} holds only ${labels.slice(0, 5).join(', ')}. Set ${keySetting} to the file with the key that belongs to the certificate (with certbot: privkey.pem).`,
  };
}

export function unusableKeyFinding(path: string, block: PemBlock, damage: string, encrypted: boolean): CertificateFinding {
  if (encrypted) {
    return {
      code: 'key-encrypted',
      severity: 'error',
      target: 'key',
      path,
      line: block.line,
      message: `The private key at ${where(path, block.line)} is protected by a pass-phrase; Postfix cannot ask for one and disables TLS. Remove the pass-phrase: openssl pkey -in ${path} -out ${path}.plain (then keep it readable by root only).`,
    };
  }
  return { code: 'key-not-pem', severity: 'error', target: 'key', path, line: block.line, message: `The private key at ${where(path, block.line)} ${damage}. Postfix cannot load it and disables TLS.` };
}
