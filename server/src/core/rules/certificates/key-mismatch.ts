// key-mismatch: the private key does not belong to the server certificate, or there is no key where
// Postfix looks for one. (A key that belongs to a later certificate of the file is cert-chain-order:
// the order is the one root cause.)

import { describeCertificateKey } from '../../tls/load';
import { nameOf, where, type CertificateFinding } from '../../tls/findings';
import type { CertificateRule } from '../rule';

export const keyMismatchRule: CertificateRule = {
  code: 'key-mismatch',
  severity: 'error',
  why: 'OpenSSL refuses a certificate whose key does not match, and Postfix disables TLS.',
  evidence: 'certificate',
  check(e) {
    const at = { code: 'key-mismatch', severity: 'error' as const, target: 'key' as const };
    const one = (f: Omit<CertificateFinding, 'code' | 'severity' | 'target'>): CertificateFinding[] => [{ ...at, ...f }];
    switch (e.kind) {
      case 'key-not-matching': {
        const { key, leaf } = e;
        return one({
          path: key.path,
          line: key.line,
          message:
            `The private key in ${where(key.path, key.line)} (${key.description}) does not belong to the certificate ${nameOf(leaf.info)} (${describeCertificateKey(leaf.info)}) in ${leaf.path}. ` +
            `Postfix logs "private key ... does not match public key" and disables TLS, so clients see the TLS negotiation fail. ` +
            `Use the key generated together with this certificate (with certbot: privkey.pem from the same directory).`,
        });
      }
      case 'chain-without-key':
        return one({ path: e.first.path, line: e.first.line, message: `No private key was found for the certificate at ${where(e.first.path, e.first.line)}: smtpd_tls_chain_files needs the key right before each certificate chain.` });
      case 'no-key': {
        const { path, keySetting } = e;
        if (e.in === 'cert-file') {
          return one({ path, message: `No private key was found: ${keySetting} is not set, so Postfix looks for the key in ${path}, which holds only certificates. Set ${keySetting} to the key file (with certbot: privkey.pem).` });
        }
        if (e.blocks.length === 0) return !e.format || e.format.kind === 'empty' ? one({ path, message: `${path} is empty: there is no private key for the certificate.` }) : [];
        const labels = [...new Set(e.blocks.map((b) => b.label))];
        return one({
          path,
          line: e.blocks[0]!.line,
          message: `No private key was found: ${path} holds only ${labels.slice(0, 5).join(', ')}. Set ${keySetting} to the file with the key that belongs to the certificate (with certbot: privkey.pem).`,
        });
      }
      default:
        return [];
    }
  },
};
