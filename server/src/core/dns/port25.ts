// Which server certificate settings the port-25 service loads: the one MX hosts are reached on.
// An smtpd of type inet on "smtp" or "25" (with or without a host), one of type pass (behind
// postscreen, which listens on port 25 in the stock master.cf), or main.cf's settings when there is
// no master.cf. Pure.

import type { ConfigAnalysis } from '../analysis';
import type { CertificateTarget } from '../tls/config-targets';

export function port25Targets(a: ConfigAnalysis, targets: readonly CertificateTarget[]): CertificateTarget[] {
  const port25 = new Set<string>();
  for (const sc of a.model.scopes) {
    const s = sc.service;
    const port = s.name.slice(s.name.lastIndexOf(':') + 1);
    if ((s.type === 'inet' && (port === 'smtp' || port === '25')) || s.type === 'pass') port25.add(s.id);
  }
  return targets.filter((t) => t.role === 'server' && t.services.some((id) => id === 'main.cf' || port25.has(id)));
}
