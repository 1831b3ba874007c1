// dns-not-validating: the resolver does not validate DNSSEC (no AD bit on the root's SOA), or it
// does but glibc hides that from Postfix (/etc/resolv.conf without "options trust-ad"). An error
// when it matters to this server: its SMTP client asks for DANE, or its MX hosts publish TLSA
// records (which then look insecure here, whatever senders see); a warning otherwise.

import { nameForMessage, serviceForMessage } from '../../config/quote';
import type { Severity } from '../../types';
import { listNames } from '../main-cf-readers';
import type { DnsRule } from '../rule';

export const dnsNotValidatingRule: DnsRule = {
  code: 'dns-not-validating',
  severity: 'warning',
  why: 'DANE rests on DNSSEC: through a resolver that does not validate, every TLSA record counts as insecure and the SMTP client does no DANE.',
  evidence: 'dns',
  check(e) {
    if (e.kind !== 'resolver') return [];
    const server = nameForMessage(e.server);
    const clients = listNames(e.daneClients.map((c) => serviceForMessage(c)));
    const severity: Severity = e.daneClients.length || e.tlsaOwners.length ? 'error' : 'warning';
    if (!e.validates) {
      const tlsa = e.tlsaOwners.length ? ` The TLSA records at ${listNames(e.tlsaOwners.map((o) => nameForMessage(o)))} look insecure through it, whatever senders see.` : ' Every TLSA record looks insecure through it.';
      const dane = clients ? ` DANE is asked for by ${clients}, and does nothing through it: smtp(8) treats TLSA records that are not validated as absent.` : '';
      const fix = e.system ? 'Run a validating resolver on this host (unbound), or name one in /etc/resolv.conf with "options trust-ad"' : 'Ask a validating resolver (--resolver)';
      return [{ code: 'dns-not-validating', severity, message: `The resolver ${server} does not validate DNSSEC: its answer for the root zone's SOA, which is signed, came without the AD bit.${tlsa}${dane} ${fix}.`, domain: e.domain }];
    }
    // glibc 2.31 and later clear the AD bit of every answer unless resolv.conf says trust-ad: the
    // resolver validates, but Postfix (which asks through glibc) never learns it.
    if (e.system && !e.trustAd && clients) {
      return [
        {
          code: 'dns-not-validating',
          severity: 'error',
          message: `The resolver ${server} validates DNSSEC, but /etc/resolv.conf has no "options trust-ad": glibc clears the AD bit before Postfix sees it, so smtp(8) finds every TLSA record insecure and DANE, asked for by ${clients}, does nothing. Add "options trust-ad" to /etc/resolv.conf (and to its copy in Postfix's chroot, /var/spool/postfix/etc/resolv.conf).`,
          domain: e.domain,
        },
      ];
    }
    return [];
  },
};
