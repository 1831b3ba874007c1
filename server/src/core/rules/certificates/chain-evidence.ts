// The evidence the certificate-chain rules judge: one certificate setting (or one key and chain of
// smtpd_tls_chain_files) as io read it and tls/ loaded it, with the path built to a trusted root.

import type { ChainResult } from '../../tls/chain';
import type { NormalizedHostname } from '../../tls/host-match';
import type { LoadedCertificate, LoadedKey } from '../../tls/load';

export interface ChainEvidence {
  kind: 'chain';
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

/** The certificates of the path that came from the file (leaf first). */
export function fileCertsOfPath(ctx: ChainEvidence): LoadedCertificate[] {
  return ctx.chain.path.flatMap((l) => (l.source === 'file' ? [l.cert] : []));
}
