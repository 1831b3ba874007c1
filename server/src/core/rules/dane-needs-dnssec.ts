// dane-needs-dnssec: the SMTP client asked for DANE (smtp_tls_security_level = dane or dane-only,
// or a policy of an smtp_tls_policy_maps table: inline:, static:, or a texthash:/hash:/lmdb:/btree:
// file whose text could be read, see tls-policy-entries.ts) without DNSSEC lookups. smtp(8) checks
// this per delivery (smtp_tls_policy.c, dane_init): unless
// smtp_dns_support_level is dnssec and smtp_host_lookup includes dns, "dane" falls back to "may"
// with a warning in the log (no TLSA lookup, no authentication: DANE silently off) and "dane-only"
// marks the policy invalid, so every delivery it covers is deferred. An empty
// smtp_dns_support_level is the older disable_dns_lookups: DNS without DNSSEC at best.

import type { Finding } from '../types';
import { effective } from '../tls/config-targets';
import { serviceForMessage } from '../config/quote';
import type { Rule } from './rule';
import { listNames } from './main-cf-readers';
import { clientScopes, daneAsked, FindingsByPlace } from './smtp-client-scopes';
import { daneNeedsDnssecFix } from './dane-needs-dnssec-fix';

/** Why smtp(8) does no DNSSEC lookups in this scope, or null when it does. */
export function noDnssecReason(dnsLevel: string, hostLookup: string, disableDns: string): string | null {
  const dns = hostLookup.toLowerCase().split(/[\s,]+/).includes('dns');
  if (dnsLevel === 'dnssec') return dns ? null : 'smtp_host_lookup does not include dns';
  if (dnsLevel === '') return disableDns.toLowerCase() === 'yes' ? 'DNS lookups are off (disable_dns_lookups = yes)' : 'smtp_dns_support_level is not set (DNS without DNSSEC)';
  return `smtp_dns_support_level = ${dnsLevel}`;
}

export const daneNeedsDnssecRule: Rule = {
  code: 'dane-needs-dnssec',
  severity: 'warning',
  why: 'Without DNSSEC lookups the SMTP client does no DANE: "dane" quietly becomes opportunistic TLS, and "dane-only" defers every delivery.',
  evidence: 'configuration',
  fixes: daneNeedsDnssecFix,
  fixExamples: [
    {
      main: 'smtp_tls_security_level = dane\n',
      at: 'dane',
      title: 'Look up DNSSEC: smtp_dns_support_level = dnssec',
      after: 'smtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n',
    },
    {
      main: 'smtp_dns_support_level = enabled\nsmtp_tls_security_level = dane\n',
      at: 'dane',
      title: 'Look up DNSSEC: smtp_dns_support_level = dnssec',
      after: 'smtp_dns_support_level = dnssec\nsmtp_tls_security_level = dane\n',
    },
    {
      main: '',
      master: 'relay unix - - y - - smtp\n  -o smtp_tls_security_level=dane-only\n',
      file: 'master.cf',
      at: 'dane-only',
      title: 'Look up DNSSEC: smtp_dns_support_level = dnssec',
      after: 'relay unix - - y - - smtp\n  -o smtp_tls_security_level=dane-only\n  -o smtp_dns_support_level=dnssec\n',
    },
  ],
  check(a) {
    const found = new FindingsByPlace<{ level: string; asked: string; why: string; fixable: boolean; prefix: string }>();
    for (const c of clientScopes(a)) {
      const p = c.prefix;
      const asks = daneAsked(a, c);
      if (asks.length === 0) continue;
      const dnsLevel = effective(a, `${p}_dns_support_level`, c.scope).toLowerCase();
      const why = noDnssecReason(dnsLevel, effective(a, `${p}_host_lookup`, c.scope), effective(a, 'disable_dns_lookups', c.scope));
      if (!why) continue;
      const who = c.scope ? serviceForMessage(c.scope.service.id) : `the ${p.toUpperCase()} client`;
      for (const ask of asks) found.add(ask.at, who, { level: ask.level, asked: ask.asked, why: p === 'smtp' ? why : why.replace(/\bsmtp_/g, 'lmtp_'), fixable: dnsLevel !== 'dnssec', prefix: p });
    }
    const out: Finding[] = [];
    for (const { at, who, extra } of found.values()) {
      const p = extra.prefix;
      const effect =
        extra.level === 'dane'
          ? `smtp(8) logs "${extra.level} configured with dnssec lookups disabled" and falls back to opportunistic TLS: no TLSA record is looked up and no server is authenticated`
          : `smtp(8) treats the policy as invalid and defers every delivery it covers`;
      const fix = extra.fixable ? `Set ${p}_dns_support_level = dnssec` : `Add dns to ${p}_host_lookup`;
      const severity = extra.level === 'dane-only' ? 'error' : 'warning';
      out.push({
        code: 'dane-needs-dnssec',
        severity,
        message: `${listNames(who)} ${who.length > 1 ? 'ask' : 'asks'} for DANE (${extra.asked}) but ${extra.why}: ${effect}. ${fix} (and use a validating resolver, with "options trust-ad" in /etc/resolv.conf when it is not on this host).`,
        range: at.range,
        name: at.param,
        file: at.file,
        ...(at.service ? { service: at.service } : {}),
        ...(extra.fixable ? { data: { fix: `${p}_dns_support_level` } } : {}),
      });
    }
    return out;
  },
};
