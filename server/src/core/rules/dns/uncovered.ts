// The certificate files, among those a service loads, whose certificate does not name a host: what
// mx-name-not-covered and srv-name-not-covered both judge, for an MX host and an SRV target.

import { X509Certificate } from 'node:crypto';
import { nameForMessage } from '../../config/quote';
import { certificateMatches, normalizeHostname } from '../../tls/host-match';
import type { DnsEvidence } from './evidence';

type Chains = Extract<DnsEvidence, { kind: 'mx-host' }>['chains'];

/** The sources of the chains whose leaf does not name `host`, for a message ("a.pem, b.pem"); '' when every one does. */
export function filesNotNaming(chains: Chains, host: string): string {
  const name = normalizeHostname(host);
  const uncovered = chains.filter((c) => {
    const leaf = c.certificates[0];
    if (!leaf) return false;
    try {
      return !certificateMatches(new X509Certificate(leaf.certDer), name);
    } catch {
      return false; // a certificate that does not load is the certificate rules' finding
    }
  });
  return uncovered.map((c) => nameForMessage(c.source)).join(', ');
}
