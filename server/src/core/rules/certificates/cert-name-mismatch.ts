// cert-name-mismatch: every name clients connect to must be in the certificate's subjectAltName.
// The CN is never used (RFC 6125, and Gmail); a certificate with no DNS SAN at all is called out.

import { certificateMatches } from '../../tls/host-match';
import { listSome, nameOf } from '../../tls/findings';
import { nameForMessage } from '../../config/quote';
import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';

export const certNameMismatchRule: CertificateRule = {
  code: 'cert-name-mismatch',
  severity: 'error',
  why: 'Strict clients such as Gmail\'s "Send mail as" refuse a certificate whose Subject Alternative Names do not cover the name they connect to (the Common Name is not looked at).',
  evidence: 'certificate',
  check: onChain(({ hostnames, leaf }) => {
    const missing = hostnames.filter((h) => !certificateMatches(leaf.x509, h));
    if (missing.length === 0) return [];
    const info = leaf.info;
    const has = [...info.dnsNames, ...info.ipAddresses];
    const shown = nameForMessage;
    const expected = missing.map((h) => (h.invalid ? `${shown(h.input)} (which ${h.invalid})` : h.ascii === h.input ? shown(h.input) : `${shown(h.input)} (${shown(h.ascii)})`));
    let names: string;
    if (info.dnsNames.length === 0) {
      names =
        `The certificate ${nameOf(info)} has no DNS names in a Subject Alternative Name (SAN) extension` +
        (info.commonName ? `; its name "${nameForMessage(info.commonName)}" is only in the Common Name (CN), which Gmail and other modern clients ignore` : '') +
        (info.ipAddresses.length ? `; it lists only IP addresses (${listSome(info.ipAddresses)})` : '') +
        '. Reissue it with every host name as a SAN.';
    } else {
      names = `The certificate is for ${listSome(has.map((n) => nameForMessage(n)))}.`;
    }
    return [
      {
        code: 'cert-name-mismatch',
        severity: 'error',
        target: 'cert',
        path: leaf.path,
        line: info.line,
        message:
          `Gmail will refuse this: "TLS Negotiation failed, the certificate doesn't match the host". ` +
          `Clients connect to ${listSome(expected)}, but the certificate does not cover ${missing.length === 1 ? 'it' : 'them'}. ${names}`,
      },
    ];
  }),
};
