// tls-ca-missing: the SMTP client must verify servers (smtp_tls_security_level = verify or secure,
// the older smtp_enforce_tls with smtp_tls_enforce_peername, or such a policy without tafile= in an
// smtp_tls_policy_maps table: inline:, static:, or a texthash:/hash:/lmdb:/btree: file whose text
// could be read, see tls-policy-entries.ts) but has no CA to verify them with:
// no smtp_tls_CAfile, smtp_tls_CApath or smtp_tls_trust_anchor_file, and tls_append_default_CA = no
// (its default since Postfix 2.8), so OpenSSL's own store is not used either. Every server
// certificate then fails verification and the mail it covers is deferred ("Server certificate not
// trusted"). No fix is offered: where the system's CA bundle lies depends on the system, and
// tls_append_default_CA = yes would also trust every public CA for client certificates.

import type { Finding } from '../types';
import { effective, type Location } from '../tls/config-targets';
import { serviceForMessage } from '../config/quote';
import type { Rule } from './rule';
import { listNames } from './main-cf-readers';
import { clientScopes, clientTlsLevel, FindingsByPlace } from './smtp-client-scopes';
import { entryForMessage, policyEntries } from './tls-policy-entries';

export const tlsCaMissingRule: Rule = {
  code: 'tls-ca-missing',
  severity: 'error',
  why: 'A client that must verify servers but has no CA certificates verifies none: every delivery at that level is deferred.',
  evidence: 'configuration',
  check(a) {
    const found = new FindingsByPlace<{ asked: string; prefix: string }>();
    for (const c of clientScopes(a)) {
      const p = c.prefix;
      const asks: { asked: string; at: Location }[] = [];
      const { level, at } = clientTlsLevel(a, c);
      if ((level === 'verify' || level === 'secure') && at) asks.push({ asked: `security level ${level}`, at });
      // A policy's own tafile= gives that destination its trust anchors.
      for (const e of policyEntries(a, c)) if ((e.level === 'verify' || e.level === 'secure') && !e.attributes.some((x) => x.toLowerCase().startsWith('tafile='))) asks.push({ asked: entryForMessage(p, e), at: e.at });
      if (asks.length === 0) continue;
      const trust = [`${p}_tls_CAfile`, `${p}_tls_CApath`, `${p}_tls_trust_anchor_file`].some((n) => effective(a, n, c.scope) !== '');
      if (trust || effective(a, 'tls_append_default_CA', c.scope).toLowerCase() === 'yes') continue;
      for (const ask of asks) found.add(ask.at, c.scope ? serviceForMessage(c.scope.service.id) : `the ${p.toUpperCase()} client`, { asked: ask.asked, prefix: p });
    }
    const out: Finding[] = [];
    for (const { at, who, extra } of found.values()) {
      const p = extra.prefix;
      out.push({
        code: 'tls-ca-missing',
        severity: 'error',
        message:
          `${listNames(who)} must verify servers (${extra.asked}) but ${p}_tls_CAfile, ${p}_tls_CApath and ${p}_tls_trust_anchor_file are empty, and tls_append_default_CA = no (the default): ` +
          `no certificate verifies, and every delivery at this level is deferred. Set ${p}_tls_CAfile to the system's CA bundle (Debian: /etc/ssl/certs/ca-certificates.crt; Red Hat: /etc/pki/tls/certs/ca-bundle.crt).`,
        range: at.range,
        name: at.param,
        file: at.file,
        ...(at.service ? { service: at.service } : {}),
      });
    }
    return out;
  },
};
