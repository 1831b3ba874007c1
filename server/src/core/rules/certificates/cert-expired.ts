// cert-expired: a certificate of the path (the leaf, an intermediate or the trusted root) is past its end date.

import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';
import { validityFindings } from './validity';

export const certExpiredRule: CertificateRule = {
  code: 'cert-expired',
  severity: 'error',
  why: 'Every client refuses an expired certificate, and an expired intermediate or root breaks the whole chain.',
  evidence: 'certificate',
  check: onChain((ctx) => validityFindings(ctx, 'expired')),
};
