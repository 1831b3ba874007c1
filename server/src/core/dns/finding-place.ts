// Where `check --dns` puts a DNS finding in main.cf or master.cf: a finding about the port-25
// certificate (an MX name it lacks, TLSA records) on the setting that names it; the resolver check
// on the setting that asks the SMTP client for DANE; the others on the
// value of the parameter the domain came from; a domain given with --domain, or one from a default
// value, on the first line of main.cf. Pure.

import type { ConfigAnalysis } from '../analysis';
import type { DnsFinding } from '../rules/dns/evidence';
import type { Location } from '../tls/location';
import { range, type Finding } from '../types';
import { locate } from '../tls/config-targets';
import { daneLevelAt } from '../rules/smtp-client-scopes';
import { hostedDomains } from './hosted-domains';

const ABOUT_THE_CERTIFICATE = new Set(['mx-name-not-covered', 'dane-tlsa-mismatch', 'dane-tlsa-insecure', 'dane-fragile-record']);
/** Also about the port-25 certificate: its renewal, and the chain file a DANE-TA record needs. */
const ABOUT_THE_CHAIN = new Set(['dane-no-rollover', 'dane-anchor-missing']);

/**
 * `from`: the parameter (or "--domain") each domain came from; `certAt`: the port-25 certificate
 * setting, if any; `certAtPort`: the certificate setting of the smtpd on another port, for a finding
 * about that service's certificate (an SRV target's).
 */
export function placeDnsFinding(a: ConfigAnalysis, f: DnsFinding, from: ReadonlyMap<string, string>, certAt: Location | undefined, certAtPort?: (port: number) => Location | undefined): Finding {
  const base = { code: f.code, severity: f.severity, message: f.message };
  const serviceAt = f.port !== undefined && certAtPort ? certAtPort(f.port) : undefined;
  if (serviceAt) return { ...base, range: serviceAt.range, file: serviceAt.file, name: serviceAt.param, ...(serviceAt.service ? { service: serviceAt.service } : {}) };
  if (f.code === 'dns-not-validating') {
    // About the resolver: on the setting that asks for DANE, else on smtp_dns_support_level.
    const at = daneLevelAt(a) ?? locate(a, 'smtp_dns_support_level', null);
    if (at) return { ...base, range: at.range, file: at.file, name: at.param, ...(at.service ? { service: at.service } : {}) };
  }
  if (certAt && (ABOUT_THE_CERTIFICATE.has(f.code) || ABOUT_THE_CHAIN.has(f.code))) return { ...base, range: certAt.range, file: certAt.file, name: certAt.param, ...(certAt.service ? { service: certAt.service } : {}) };
  // A table finding's "domain" is the table as written: on the parameter that names it.
  const param = f.code === 'hosted-domains-table-skipped' ? hostedDomains(a.model).tables.find((t) => t.reference === f.domain)?.param : from.get(f.domain);
  const entry = param === undefined ? undefined : a.model.entryOf.get(param);
  if (param !== undefined && entry) return { ...base, range: entry.valueRange, file: 'main.cf', name: param };
  return { ...base, range: range(0, 0, 0, 0), file: 'main.cf' };
}
