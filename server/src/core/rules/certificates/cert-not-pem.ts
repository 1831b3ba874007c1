// cert-not-pem: a certificate setting names a file with no readable PEM certificate (DER, PKCS#12, a
// CSR, a key, a damaged block). What the file holds instead decides the words and the fix.

import { conversionHint, describeFormat } from '../../tls/file-format';
import { where, type CertificateFinding } from '../../tls/findings';
import type { PemBlock } from '../../tls/pem';
import type { FileFormat } from '../../tls/file-format';
import type { CertificateRule } from '../rule';

export const certNotPemRule: CertificateRule = {
  code: 'cert-not-pem',
  severity: 'error',
  why: 'Postfix reads certificates only in PEM form: it cannot load the file and disables TLS, so clients that want TLS cannot send.',
  evidence: 'certificate',
  check(e) {
    if (e.kind === 'no-certificate') return [noCertificate(e.path, e.blocks, e.format)];
    if (e.kind === 'damaged-certificate') return [damaged(e.path, e.line, e.damage)];
    return [];
  },
};

function noCertificate(path: string, blocks: readonly PemBlock[], format: FileFormat | undefined): CertificateFinding {
  const at = { code: 'cert-not-pem', severity: 'error' as const, target: 'cert' as const, path };
  if (blocks.length === 0) {
    if (!format || format.kind === 'empty') return { ...at, message: `${path} is empty: there is no certificate in it.` };
    const hint = conversionHint(format, path);
    const keyNote = format.kind === 'der-private-key' ? ' It looks like the key: the certificate setting must name the certificate file.' : '';
    return { ...at, message: `${path} is ${describeFormat(format)}. Postfix reads certificates only in PEM form ("-----BEGIN CERTIFICATE-----").${keyNote}${hint ? ' ' + hint : ''}` };
  }
  const labels = [...new Set(blocks.map((b) => b.label))];
  const line = blocks[0]!.line;
  if (blocks.some((b) => b.kind === 'private-key' || b.kind === 'encrypted-private-key')) {
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
  const broken = blocks.find((b) => b.label === 'CERTIFICATE' && b.damage);
  if (broken) return damaged(path, broken.line, broken.damage ?? '');
  return { ...at, line, message: `${path} holds PEM blocks of type ${labels.slice(0, 5).join(', ')} but no certificate ("-----BEGIN CERTIFICATE-----").` };
}

function damaged(path: string, line: number, damage: string): CertificateFinding {
  return {
    code: 'cert-not-pem',
    severity: 'error',
    target: 'cert',
    path,
    line,
    message: `The certificate block at ${where(path, line)} ${damage}. Postfix cannot load a file with a damaged certificate and disables TLS. Copy the file again from its source (with certbot: fullchain.pem).`,
  };
}
