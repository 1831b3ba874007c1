// cert-expired: a certificate of the path (the leaf, an intermediate or the trusted root) is past its end date.

import type { ChainRule } from '../rule';
import { validityFindings } from './validity';

export const certExpiredRule: ChainRule = {
  code: 'cert-expired',
  severity: 'error',
  why: 'Every client refuses an expired certificate, and an expired intermediate or root breaks the whole chain.',
  evidence: 'certificate-chain',
  check: (ctx) => validityFindings(ctx, 'expired'),
};
