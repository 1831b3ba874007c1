// Where `check --dns` puts a DNS finding in main.cf or master.cf: a finding about the port-25
// certificate (an MX name it lacks, TLSA records) on the setting that names it; the others on the
// value of the parameter the domain came from; a domain given with --domain, or one from a default
// value, on the first line of main.cf. Pure.

import type { ConfigAnalysis } from '../analysis';
import type { DnsFinding } from '../rules/dns/evidence';
import type { Location } from '../tls/location';
import { range, type Finding } from '../types';

const ABOUT_THE_CERTIFICATE = new Set(['mx-name-not-covered', 'dane-tlsa-mismatch', 'dane-tlsa-insecure', 'dane-fragile-record']);

/**
 * `from`: the parameter (or "--domain") each domain came from; `certAt`: the port-25 certificate
 * setting, if any; `certAtPort`: the certificate setting of the smtpd on another port, for a finding
 * about that service's certificate (an SRV target's).
 */
export function placeDnsFinding(a: ConfigAnalysis, f: DnsFinding, from: ReadonlyMap<string, string>, certAt: Location | undefined, certAtPort?: (port: number) => Location | undefined): Finding {
  const base = { code: f.code, severity: f.severity, message: f.message };
  const serviceAt = f.port !== undefined && certAtPort ? certAtPort(f.port) : undefined;
  if (serviceAt) return { ...base, range: serviceAt.range, file: serviceAt.file, name: serviceAt.param, ...(serviceAt.service ? { service: serviceAt.service } : {}) };
  if (certAt && ABOUT_THE_CERTIFICATE.has(f.code)) return { ...base, range: certAt.range, file: certAt.file, name: certAt.param, ...(certAt.service ? { service: certAt.service } : {}) };
  const param = from.get(f.domain);
  const entry = param === undefined ? undefined : a.model.entryOf.get(param);
  if (param !== undefined && entry) return { ...base, range: entry.valueRange, file: 'main.cf', name: param };
  return { ...base, range: range(0, 0, 0, 0), file: 'main.cf' };
}
