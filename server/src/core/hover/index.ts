// Hover content for whatever is at a position (see ../navigation/at-position.ts): a $reference, a
// parameter name or value (with the certificate details for certificate and key settings), or a
// master.cf column. Returns Markdown in which every text from a file is escaped.

import { MASTER_FIELD_NAMES } from '../config/master-cf';
import { md } from '../markdown';
import type { Target } from '../navigation/at-position';
import type { Range } from '../types';
import type { ConfigAnalysis } from '../analysis';
import { certificateHover, isCertificateSetting, type CheckedCertificateTarget } from './certificate-hover';
import { expandValue } from './expansion';
import { parameterHover } from './parameter-hover';
import { referenceHover } from './reference-hover';
import { tlsaHover, type TlsaFindings } from './tlsa-hover';
import type { CertificateTarget } from '../tls/config-targets';
import type { CipherSuitesAnswer } from '../tls/cipher-list';
import { tlsSettingHover } from './tls-settings-hover';

export { isCertificateSetting, type CheckedCertificateTarget } from './certificate-hover';
export { cipherListOfSetting, isTlsCipherSetting } from './tls-settings-hover';

export interface HoverInput {
  /** The certificate check results of the pair (needed only for certificate settings). */
  checked?: readonly CheckedCertificateTarget[];
  now: Date;
  /** After a DNS check: the TLSA records it found, and the port-25 certificate targets to match them with. */
  tlsa?: { port25: readonly CertificateTarget[]; findings: TlsaFindings };
  /** For a cipher setting: what the installed OpenSSL yields for its list (trusted workspaces only). */
  cipherSuites?: CipherSuitesAnswer;
}

export interface HoverResult {
  markdown: string;
  range: Range;
}

const FIELD_HELP: readonly string[] = [
  'The service name: a TCP port or name from /etc/services for inet services, a socket name for unix services.',
  'The transport type: inet (TCP), unix (UNIX-domain socket), unix-dgram, fifo or pass.',
  'Private: is the service accessible only to the mail system (y, the default for unix) or to everyone (n)?',
  'Unprivileged: does the service run as the mail_owner user (y, the default) or as root (n)?',
  'Chroot: does the service run chrooted to the queue directory (y or n; "-" is the default)?',
  'Wakeup time in seconds ("-" for none; a trailing "?" only wakes a service that was used).',
  'Process limit: the most processes of this service at once ("-" for $default_process_limit).',
  'The command: a Postfix daemon from $daemon_directory, with its arguments (-o name=value overrides a main.cf parameter for this service).',
];

export function hoverAt(a: ConfigAnalysis, target: Target, input: HoverInput): HoverResult | null {
  switch (target.kind) {
    case 'reference':
      return { markdown: referenceHover(a, target.name, target.setting.scope), range: target.range };
    case 'field': {
      const service = `**${md(target.service.id)}**: ${md(MASTER_FIELD_NAMES[target.field] ?? '')} column`;
      return { markdown: `${service}\n\n${md(FIELD_HELP[target.field] ?? '')}`, range: target.range };
    }
    case 'name':
    case 'value': {
      const s = target.setting;
      const parts: string[] = [];
      if (isCertificateSetting(s.name) && input.checked) {
        const x = expandValue(a, s.value, s.scope);
        parts.push(certificateHover(s, input.checked, x.ok ? x.value.trim() : null, input.now));
      }
      const dane = isCertificateSetting(s.name) && input.tlsa ? tlsaHover(s, input.tlsa.port25, input.tlsa.findings) : null;
      if (dane) parts.push(dane);
      const tls = tlsSettingHover(a, s.name, s.scope, input.cipherSuites);
      if (tls) parts.push(tls);
      parts.push(parameterHover(a, s.name, s.scope));
      return { markdown: parts.join('\n\n---\n\n'), range: target.range };
    }
  }
}
