// Which certificate is the server certificate, and does the key belong to it?
// Postfix (OpenSSL) serves the FIRST certificate of the file and requires the key to match it. When
// the key matches a later certificate instead, the single root cause is the order
// (cert-chain-order, error), not the key. Only when no certificate matches is it key-mismatch.
// The certificate chosen as `leaf` is the one the other checks examine: the one the admin meant.

import { nameOf, where } from './findings.js';
import type { CertificateFinding } from './findings.js';
import { describeCertificateKey, keyMatches, type LoadedCertificate, type LoadedKey } from './load.js';

export interface LeafSelection {
  leaf: LoadedCertificate;
  findings: CertificateFinding[];
}

/** `certs` is non-empty and in file order. */
export function selectLeaf(certs: readonly LoadedCertificate[], key: LoadedKey | undefined): LeafSelection {
  const first = certs[0]!;
  if (key && keyMatches(first, key)) return { leaf: first, findings: [] };
  const owner = key ? certs.find((c) => c !== first && keyMatches(c, key)) : undefined;
  const leaf = owner ?? (first.info.isCA ? (certs.find((c) => !c.info.isCA) ?? first) : first);
  const findings: CertificateFinding[] = [];
  if (leaf !== first) {
    findings.push({
      code: 'cert-chain-order',
      severity: 'error',
      target: 'cert',
      path: first.path,
      line: first.info.line,
      message:
        `The server certificate must come first, but ${first.path} starts with ${first.info.isCA ? 'the CA certificate' : 'the certificate'} ${nameOf(first.info)}; ` +
        `the server certificate ${nameOf(leaf.info)} comes later (${where(leaf.path, leaf.info.line)})` +
        (owner ? ' and the key belongs to it' : '') +
        `. Postfix presents the first certificate as its own${owner ? ', finds that the key does not match it, and disables TLS' : ''}. ` +
        `Put the server certificate first, then its intermediates (the order of fullchain.pem).`,
    });
  }
  if (key && !owner) {
    findings.push({
      code: 'key-mismatch',
      severity: 'error',
      target: 'key',
      path: key.path,
      line: key.line,
      message:
        `The private key in ${where(key.path, key.line)} (${key.description}) does not belong to the certificate ${nameOf(leaf.info)} (${describeCertificateKey(leaf.info)}) in ${leaf.path}. ` +
        `Postfix logs "private key ... does not match public key" and disables TLS, so clients see the TLS negotiation fail. ` +
        `Use the key generated together with this certificate (with certbot: privkey.pem from the same directory).`,
    });
  }
  return { leaf, findings };
}
