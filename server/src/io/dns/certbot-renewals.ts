// The certbot renewal files of the chains the port-25 service loads (core/dns/certbot-renewal.ts says
// which file belongs to which certificate): read safely (a size cap, regular files only, so a FIFO
// cannot hang the check), one per lineage. A lineage whose file is missing or unreadable is left
// with `text: null`: nothing is then said of its renewals.

import { certbotLineage, type CertbotRenewalFacts } from '../../core/dns/certbot-renewal';
import type { ChainOnDisk } from '../../core/dns/tlsa-judgement';
import { readFileSafely } from '../read-file-safely';

/** A renewal file is a few hundred bytes. */
const LIMIT = 64 * 1024;

export async function readCertbotRenewals(chains: readonly ChainOnDisk[]): Promise<CertbotRenewalFacts[]> {
  const out: CertbotRenewalFacts[] = [];
  const read = new Map<string, { text: string | null; why?: string }>();
  for (const [chain, c] of chains.entries()) {
    for (const file of c.files ?? []) {
      const lineage = certbotLineage(file);
      if (!lineage) continue;
      let r = read.get(lineage.confPath);
      if (!r) {
        const got = await readFileSafely(lineage.confPath, { limit: LIMIT });
        r = got.ok ? { text: Buffer.from(got.bytes).toString('utf8') } : { text: null, why: got.message };
        read.set(lineage.confPath, r);
      }
      out.push({ chain, ...lineage, ...r });
      break;
    }
  }
  return out;
}
