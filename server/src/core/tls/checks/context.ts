// What every server-certificate check receives, and the shape of a check.

import type { ChainResult } from '../chain.js';
import type { CertificateFinding } from '../findings.js';
import type { NormalizedHostname } from '../host-match.js';
import type { LoadedCertificate, LoadedKey } from '../load.js';

export interface CheckContext {
  hostnames: NormalizedHostname[];
  now: Date;
  expiryWarningDays: number;
  /** Every readable certificate of the file (or of this key's chain), in file order. */
  certs: LoadedCertificate[];
  /** The server certificate: the first certificate, or the one the key belongs to. */
  leaf: LoadedCertificate;
  key?: LoadedKey;
  chain: ChainResult;
}

/** One rule: returns its findings (usually none or one). Must not throw. */
export type CertificateCheck = (ctx: CheckContext) => CertificateFinding[];

/** The certificates of the path that came from the file (leaf first). */
export function fileCertsOfPath(ctx: CheckContext): LoadedCertificate[] {
  return ctx.chain.path.flatMap((l) => (l.source === 'file' ? [l.cert] : []));
}
