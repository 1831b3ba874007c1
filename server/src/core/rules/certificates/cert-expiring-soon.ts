// cert-expiring-soon: a certificate from the file expires within the warning window (postfixLens.expiryWarningDays, --expiry-days).

import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';
import { validityFindings } from './validity';

export const certExpiringSoonRule: CertificateRule = {
  code: 'cert-expiring-soon',
  severity: 'warning',
  why: 'Nothing fails yet, but a certificate that is not renewed in time is refused by every client the day it expires.',
  evidence: 'certificate',
  check: onChain((ctx) => validityFindings(ctx, 'expiring-soon')),
};
