// A check of the chain rules: it judges chain evidence and has nothing to say about the rest.

import type { CertificateFinding } from '../../tls/findings';
import type { ChainEvidence } from './chain-evidence';
import type { CertificateEvidence } from './evidence';

export function onChain(check: (ctx: ChainEvidence) => CertificateFinding[]): (e: CertificateEvidence) => CertificateFinding[] {
  return (e) => (e.kind === 'chain' ? check(e) : []);
}
