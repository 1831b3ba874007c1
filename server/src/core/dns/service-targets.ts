// Which server certificate settings the smtpd listening on a port loads: the SRV targets of
// `_submission._tcp` and `_submissions._tcp` are reached on the port their record names (587 and
// 465 as RFC 6186 and 8314 publish them). An smtpd of type inet whose name ends in that port, by
// number or by its /etc/services name, with its -o overrides; main.cf's settings when there is no
// master.cf. Pure.

import type { ConfigAnalysis } from '../analysis';
import type { CertificateTarget } from '../tls/config-targets';
import { servicePortIs } from './srv';

export function serviceTargets(a: ConfigAnalysis, targets: readonly CertificateTarget[], port: number): CertificateTarget[] {
  const ids = new Set<string>();
  for (const sc of a.model.scopes) if (sc.service.type === 'inet' && servicePortIs(sc.service.name, port)) ids.add(sc.service.id);
  return targets.filter((t) => t.role === 'server' && t.services.some((id) => id === 'main.cf' || ids.has(id)));
}
