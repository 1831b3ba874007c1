// mx-not-this-server: an MX host of a hosted domain is another machine (by name and address).

import { nameForMessage } from '../../config/quote';
import type { DnsRule } from '../rule';

export const mxNotThisServerRule: DnsRule = {
  code: 'mx-not-this-server',
  severity: 'information',
  why: "Mail for the domain reaches this server only through that host (a backup MX, a filtering service): its certificate and DANE records are that host's business.",
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'mx-host' || e.thisServer.thisServer) return [];
    const where = e.addresses.length ? `its addresses (${e.addresses.slice(0, 4).map((a) => nameForMessage(a, 45)).join(', ')}${e.addresses.length > 4 ? ', …' : ''}) are` : 'it has no address that is';
    return [
      {
        code: 'mx-not-this-server',
        severity: 'information',
        message: `MX ${e.preference} ${nameForMessage(e.host)} of ${nameForMessage(e.domain)} is not this server: its name is not $myhostname or a configured host name, and ${where} not among this machine's. Its certificate is not checked here.`,
        domain: e.domain,
        host: e.host,
      },
    ];
  },
};
