// The single verdict of the path builder (tls/chain.ts) on the certificate a setting names: trusted,
// self-signed, incomplete (an intermediate missing) or untrusted. Exactly one of cert-self-signed,
// cert-chain-incomplete and cert-untrusted (or none) follows from it: a self-signed leaf is not also
// "untrusted", a leaf without its intermediate is not also "untrusted".

import type { CertificateFinding } from '../../tls/findings';
import type { ChainEvidence } from './chain-evidence';

/** Where a finding about the leaf points: the leaf's BEGIN line in its file. */
export function atLeaf({ leaf }: ChainEvidence): Pick<CertificateFinding, 'target' | 'path' | 'line'> {
  return { target: 'cert', path: leaf.path, line: leaf.info.line };
}
