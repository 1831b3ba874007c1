// cert-not-yet-valid: a certificate of the path is not valid yet (its start date is in the future).

import type { CertificateRule } from '../rule';
import { onChain } from './on-chain';
import { validityFindings } from './validity';

export const certNotYetValidRule: CertificateRule = {
  code: 'cert-not-yet-valid',
  severity: 'error',
  why: 'Clients refuse a certificate before its start date just as after its end date; often the server clock is wrong.',
  evidence: 'certificate',
  check: onChain((ctx) => validityFindings(ctx, 'not-yet-valid')),
};
