// The certificate chains the smtpd listening on a port loads from disk (core/dns/service-targets.ts),
// for the SRV targets that are this server: `_submission._tcp` names port 587, `_submissions._tcp`
// port 465. Read as the port-25 chains are (port25-chains.ts); a file that cannot be read is left
// out, since the certificate checks report it on its setting.

import type { ConfigAnalysis } from '../../core/analysis';
import { serviceTargets } from '../../core/dns/service-targets';
import type { ChainOnDisk } from '../../core/dns/tlsa-judgement';
import { certificateTargetsOf } from '../certificate-checks';
import { chainsOfTargets } from './port25-chains';

export async function serviceChains(a: ConfigAnalysis, hostnames: readonly string[], port: number): Promise<ChainOnDisk[]> {
  const { targets } = certificateTargetsOf(a, hostnames);
  return chainsOfTargets(serviceTargets(a, targets, port));
}
