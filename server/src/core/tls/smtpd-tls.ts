// Which TLS protocol and cipher settings an smtpd service uses, as smtpd.c picks them in Postfix
// 3.7: in wrapper mode (port 465), or at security level encrypt (verify, secure and fingerprint mean
// encrypt for smtpd), or with the legacy smtpd_enforce_tls = yes when no level is set, TLS is
// mandatory and smtpd uses smtpd_tls_mandatory_protocols, smtpd_tls_mandatory_ciphers and both
// exclusion lists; at level may (or smtpd_use_tls = yes) the others, and smtpd_tls_exclude_ciphers
// alone. When smtpd asks for client certificates (smtpd_tls_ask_ccert, or smtpd_tls_req_ccert with
// mandatory TLS) it excludes aNULL as well. Values are each service's effective ones (its -o over
// main.cf over the default: tls/config-targets.ts's effective()).

import { servicesThatDoNotStart, type ConfigAnalysis } from '../analysis';
import type { MasterScope } from '../config/postconf-model';
import { listenerInfo } from '../config/listeners';
import { isSubmissionName, type PortRole } from '../config/ports';
import { effective } from './config-targets';
import { parseProtocolList, type ProtocolList } from './protocols';
import { buildCipherList, cipherGrade, gradeListParam, type BuiltCipherList, type CipherGrade } from './cipher-list';

export type { PortRole };

const LEVELS = new Map([
  ['may', 'may'],
  ['encrypt', 'encrypt'],
  ['verify', 'encrypt'],
  ['secure', 'encrypt'],
  ['fingerprint', 'encrypt'],
]);

const yes = (v: string) => v.toLowerCase() === 'yes';

export interface SmtpdTlsSettings {
  /** Null: main.cf without master.cf (Postfix's stock smtp service). */
  scope: MasterScope | null;
  /** TLS is mandatory: the mandatory_* settings apply. */
  mandatory: boolean;
  wrapper: boolean;
  protocolsParam: 'smtpd_tls_protocols' | 'smtpd_tls_mandatory_protocols';
  protocolsValue: string;
  protocols: ProtocolList;
  gradeParam: 'smtpd_tls_ciphers' | 'smtpd_tls_mandatory_ciphers';
  gradeValue: string;
  /** Null: a grade Postfix refuses (the handshake then fails). */
  grade: CipherGrade | null;
  /** The exclusion parameters in force, with their values (empty ones left out). */
  exclusions: { param: string; value: string }[];
  /** smtpd asks for a client certificate, and so adds aNULL to the exclusions. */
  asksClientCertificate: boolean;
  /** The grade's cipherlist parameter and the OpenSSL list smtpd builds (null for a refused grade). */
  cipherlistParam: string | null;
  cipherList: BuiltCipherList | null;
}

/**
 * The TLS settings of one smtpd service, or null when it offers no TLS (level none, or unset without
 * smtpd_use_tls) or its level is one smtpd refuses (invalid-value says so).
 */
export function smtpdTls(a: ConfigAnalysis, scope: MasterScope | null): SmtpdTlsSettings | null {
  const wrapper = yes(effective(a, 'smtpd_tls_wrappermode', scope));
  const levelSet = effective(a, 'smtpd_tls_security_level', scope).toLowerCase();
  const level = wrapper
    ? 'encrypt'
    : levelSet
      ? (LEVELS.get(levelSet) ?? null)
      : yes(effective(a, 'smtpd_enforce_tls', scope)) ? 'encrypt' : yes(effective(a, 'smtpd_use_tls', scope)) ? 'may' : null;
  if (!level) return null;
  return settingsFor(a, scope, level === 'encrypt', wrapper);
}

/** The settings a service would use with TLS mandatory or not (the hover shows either). */
export function settingsFor(a: ConfigAnalysis, scope: MasterScope | null, mandatory: boolean, wrapper = false): SmtpdTlsSettings {
  const protocolsParam = mandatory ? 'smtpd_tls_mandatory_protocols' : 'smtpd_tls_protocols';
  const protocolsValue = effective(a, protocolsParam, scope);
  const gradeParam = mandatory ? 'smtpd_tls_mandatory_ciphers' : 'smtpd_tls_ciphers';
  const gradeValue = effective(a, gradeParam, scope);
  const grade = cipherGrade(gradeValue);
  const asksClientCertificate = yes(effective(a, 'smtpd_tls_ask_ccert', scope)) || (mandatory && yes(effective(a, 'smtpd_tls_req_ccert', scope)));
  const exclusions: { param: string; value: string }[] = [];
  for (const param of mandatory ? ['smtpd_tls_exclude_ciphers', 'smtpd_tls_mandatory_exclude_ciphers'] : ['smtpd_tls_exclude_ciphers']) {
    const value = effective(a, param, scope);
    if (value !== '') exclusions.push({ param, value });
  }
  const cipherlistParam = grade ? gradeListParam(grade) : null;
  const values = exclusions.map((e) => e.value);
  if (asksClientCertificate) values.push('aNULL');
  const cipherList = cipherlistParam ? buildCipherList(effective(a, cipherlistParam, scope), values) : null;
  return {
    scope,
    mandatory,
    wrapper,
    protocolsParam,
    protocolsValue,
    protocols: parseProtocolList(protocolsValue),
    gradeParam,
    gradeValue,
    grade,
    exclusions,
    asksClientCertificate,
    cipherlistParam,
    cipherList,
  };
}

/** Submission for 587/submission and 465/submissions/smtps; MX for port 25 and every other one. */
export function portRole(scope: MasterScope | null): PortRole {
  if (!scope || scope.service.type !== 'inet') return 'mx';
  return isSubmissionName(scope.service.name) ? 'submission' : 'mx';
}

/**
 * The smtpd services remote clients reach, with their TLS settings: inet and pass (behind
 * postscreen) smtpd services of master.cf, or main.cf alone as Postfix's stock smtp service. Left
 * out: services with a malformed -o (they do not start), services only this machine reaches (a
 * content filter's reinjection port), services without TLS, and everything when main.cf was left
 * unread (its values are not known).
 */
export function remoteSmtpdTls(a: ConfigAnalysis): readonly { settings: SmtpdTlsSettings; role: PortRole }[] {
  // Three rules ask for the same analysis: worked out once.
  let known = memo.get(a);
  if (!known) memo.set(a, (known = computeRemoteSmtpdTls(a)));
  return known;
}

const memo = new WeakMap<ConfigAnalysis, readonly { settings: SmtpdTlsSettings; role: PortRole }[]>();

function computeRemoteSmtpdTls(a: ConfigAnalysis): { settings: SmtpdTlsSettings; role: PortRole }[] {
  if (a.unread?.file === 'main.cf') return [];
  const broken = servicesThatDoNotStart(a);
  const scopes: (MasterScope | null)[] = a.master
    ? a.model.scopes.filter((s) => s.service.fields[7]?.text === 'smtpd' && (s.service.type === 'inet' || s.service.type === 'pass') && !broken.has(s.service.id))
    : [null];
  const interfaces = effective(a, 'inet_interfaces', null) || 'all';
  const out: { settings: SmtpdTlsSettings; role: PortRole }[] = [];
  for (const scope of scopes) {
    if (listenerInfo(scope?.service ?? null, interfaces, a.model.options.installation).local) continue;
    const settings = smtpdTls(a, scope);
    if (settings) out.push({ settings, role: portRole(scope) });
  }
  return out;
}
