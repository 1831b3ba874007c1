// The submission services of master.cf, as the submission rules see them: the inet smtpd services
// on the submission port (587, "submission") and on the implicit-TLS port (465, "submissions",
// "smtps"), under any host part ("127.0.0.1:587", "[::]:465").

import { servicesThatDoNotStart, type ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import { effective } from '../../tls/config-targets';
import { MAC_PARSE_ERROR, MAC_PARSE_UNDEF } from '../../config/macro';
import { isPort465Name, isSubmissionName } from '../../config/ports';


/** The inet smtpd services of master.cf (pass services get their connections already made). */
export function inetSmtpd(scopes: readonly MasterScope[]): MasterScope[] {
  return scopes.filter((s) => s.service.type === 'inet' && s.service.fields[7]?.text === 'smtpd');
}

export const isPort465 = (scope: MasterScope): boolean => isPort465Name(scope.service.name);
export const isSubmission = (scope: MasterScope): boolean => isSubmissionName(scope.service.name);

/**
 * The submission services a rule can judge: a service with a malformed -o does not start at all
 * (malformed-override says so), and what it would do once fixed is not known.
 */
export function submissionServices(a: ConfigAnalysis): MasterScope[] {
  const broken = servicesThatDoNotStart(a);
  return inetSmtpd(a.model.scopes).filter((s) => isSubmission(s) && !broken.has(s.service.id));
}

/**
 * A parameter's value for a service when the pair proves it: its -o, or main.cf's value or default
 * when main.cf was read. Undefined when main.cf was left unread (too large) and the service does
 * not set it: the rule then does not judge.
 */
export function knownValue(a: ConfigAnalysis, param: string, scope: MasterScope): string | undefined {
  if (a.unread?.file === 'main.cf' && !scope.overrideOf.has(param)) return undefined;
  return effective(a, param, scope);
}

/** True when the pair proves the boolean parameter is not yes for the service (knownValue). */
export function provenOff(a: ConfigAnalysis, param: string, scope: MasterScope): boolean {
  const v = knownValue(a, param, scope);
  return v !== undefined && v.toLowerCase() !== 'yes';
}

/** True when the pair proves the boolean parameter is yes for the service (knownValue). */
export function provenOn(a: ConfigAnalysis, param: string, scope: MasterScope): boolean {
  return knownValue(a, param, scope)?.toLowerCase() === 'yes';
}

/**
 * A list's value for a service, expanded as the daemon expands it ($mua_relay_restrictions in a -o
 * resolved through main.cf), when the pair proves it: undefined when main.cf was left unread and
 * the service does not set it, or when a $name in it is not defined or cannot be expanded (what the
 * daemon would read is then not known here).
 */
export function knownExpansion(a: ConfigAnalysis, param: string, scope: MasterScope): string | undefined {
  if (a.unread?.file === 'main.cf' && !scope.overrideOf.has(param)) return undefined;
  const raw = a.model.lookup(param, scope);
  if (raw === null) return undefined;
  if (raw.indexOf('$') === -1) return raw.trim();
  const r = a.model.expand(raw, scope);
  return r.status & (MAC_PARSE_ERROR | MAC_PARSE_UNDEF) ? undefined : r.value.trim();
}
