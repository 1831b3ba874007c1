// The certificate chains the port-25 service loads from disk, for the DANE and MX-name rules: the
// settings certificateTargets() finds for it (core/dns/port25.ts), their files read safely (size and
// time limits, read-file-safely.ts) and split into chains by the pure core (core/dns/chains-on-disk.ts).
// A file that cannot be read is left out: the certificate checks report it on its setting.

import type { ConfigAnalysis } from '../../core/analysis';
import { chainsOnDisk } from '../../core/dns/chains-on-disk';
import { port25Targets } from '../../core/dns/port25';
import type { ChainOnDisk } from '../../core/dns/tlsa-judgement';
import type { SourceFile } from '../../core/tls/analyze';
import type { CertificateTarget } from '../../core/tls/config-targets';
import { certificateTargetsOf } from '../certificate-checks';
import { readFileSafely } from '../read-file-safely';

/** Settings read at most (a port-25 service has one, or a pair per algorithm). */
const MAX_TARGETS = 8;

export async function port25Chains(a: ConfigAnalysis, hostnames: readonly string[]): Promise<ChainOnDisk[]> {
  const { targets } = certificateTargetsOf(a, hostnames);
  return chainsOfTargets(port25Targets(a, targets));
}

/** The chains the settings `targets` name, each file read once; those of the first MAX_TARGETS settings. */
export async function chainsOfTargets(targets: readonly CertificateTarget[]): Promise<ChainOnDisk[]> {
  const out: ChainOnDisk[] = [];
  const seen = new Set<string>();
  for (const t of targets.slice(0, MAX_TARGETS)) {
    const paths = t.kind === 'chain' ? (t.chainPaths ?? []) : [t.certPath!];
    const key = `${t.kind}\0${paths.join('\0')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const files: SourceFile[] = [];
    for (const p of paths) {
      const r = await readFileSafely(p);
      if (r.ok) files.push({ path: p, bytes: r.bytes });
    }
    for (const c of chainsOnDisk(t.kind, files)) if (!out.some((o) => o.source === c.source)) out.push(c);
  }
  return out;
}
