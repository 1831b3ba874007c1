// mx-name-not-covered: an MX host that is this server is not named by a certificate the port-25
// service loads from disk.

import { nameForMessage } from '../../config/quote';
import { filesNotNaming } from './uncovered';
import type { DnsRule } from '../rule';

export const mxNameNotCoveredRule: DnsRule = {
  code: 'mx-name-not-covered',
  severity: 'error',
  why: 'Senders that check certificates (DANE-TA, MTA-STS) connect to the MX name and defer mail when the certificate does not name it.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mx-host' || !e.thisServer.thisServer) return [];
    const files = filesNotNaming(e.chains, e.host);
    if (!files) return [];
    return [
      {
        code: 'mx-name-not-covered',
        severity: 'error',
        message: `${nameForMessage(e.host)} is an MX host of ${nameForMessage(e.domain)} and this server, but the certificate of ${files} does not name it: senders that check the name (MTA-STS, DANE-TA) defer mail. Add ${nameForMessage(e.host)} to the certificate's names (with certbot: -d ${nameForMessage(e.host)}).`,
        domain: e.domain,
        host: e.host,
      },
    ];
  },
};
