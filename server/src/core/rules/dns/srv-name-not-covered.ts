// srv-name-not-covered: a _submission._tcp or _submissions._tcp SRV target that is this server is not
// named by a certificate the smtpd on the record's port loads from disk (its -o overrides counted).

import { nameForMessage } from '../../config/quote';
import { filesNotNaming } from './uncovered';
import type { DnsRule } from '../rule';

export const srvNameNotCoveredRule: DnsRule = {
  code: 'srv-name-not-covered',
  severity: 'error',
  why: 'Mail programs that find the server through SRV records (RFC 6186, RFC 8314) connect to the target name and check the certificate against it: a certificate that does not name it stops them from sending.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'srv-target' || !e.thisServer.thisServer) return [];
    const files = filesNotNaming(e.chains, e.target);
    if (!files) return [];
    return [
      {
        code: 'srv-name-not-covered',
        severity: 'error',
        message: `${nameForMessage(e.target)} is the ${nameForMessage(e.owner)} SRV target (port ${e.port}) and this server, but the certificate of ${files}, which the service on port ${e.port} loads, does not name it: mail programs that find the server through this record refuse the connection. Add ${nameForMessage(e.target)} to the certificate's names (with certbot: -d ${nameForMessage(e.target)}).`,
        domain: e.domain,
        host: e.target,
        port: e.port,
      },
    ];
  },
};
