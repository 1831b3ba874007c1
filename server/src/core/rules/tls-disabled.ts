// tls-disabled: an SMTP server whose TLS is off (smtpd_tls_security_level = none, or unset without
// the legacy smtpd_use_tls) although a certificate is configured, or an implicit-TLS port (465,
// smtpd_tls_wrappermode) that cannot do TLS; also TLS asked for without any certificate. Clients
// such as Gmail's "Send mail as" then cannot use TLS at all. Turning TLS off is never the fix for a
// certificate that clients refuse.

import type { Finding } from '../types';
import { effective, locate } from '../tls/config-targets';
import type { Rule } from './rule';
import { serviceForMessage } from '../config/quote';

const CERT_PARAMS = ['smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file', 'smtpd_tls_chain_files'];
const yes = (v: string) => v.toLowerCase() === 'yes';

export const tlsDisabledRule: Rule = {
  code: 'tls-disabled',
  severity: 'error',
  why: 'With TLS off, clients cannot use STARTTLS at all; Gmail refuses to send through such a server, and turning TLS off never fixes a certificate problem.',
  check(a) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const scopes = a.model.scopes.filter((sc) => sc.service.fields[7].text === 'smtpd' && (sc.service.type === 'inet' || sc.service.type === 'pass'));
    const list = a.master ? scopes : [null];
    for (const scope of list) {
      const who = scope ? serviceForMessage(scope.service.id) : 'this server';
      const levelSet = effective(a, 'smtpd_tls_security_level', scope).toLowerCase();
      const level = levelSet || (yes(effective(a, 'smtpd_enforce_tls', scope)) ? 'encrypt' : yes(effective(a, 'smtpd_use_tls', scope)) ? 'may' : 'none');
      if (!['none', 'may', 'encrypt'].includes(level)) continue; // an invalid level is invalid-value's
      const wrapper = yes(effective(a, 'smtpd_tls_wrappermode', scope));
      const certParam = CERT_PARAMS.find((p) => a.model.isKnown(p) && effective(a, p, scope) !== '');
      const levelAt = locate(a, 'smtpd_tls_security_level', scope);
      const certAt = certParam ? locate(a, certParam, scope) : undefined;
      const wrapperAt = locate(a, 'smtpd_tls_wrappermode', scope);
      let message: string | null = null;
      let at = levelAt;
      if (level === 'none' && (certParam || wrapper)) {
        const why = levelSet ? 'smtpd_tls_security_level = none' : 'smtpd_tls_security_level is not set (and smtpd_use_tls is not yes)';
        message = wrapper
          ? `TLS is off for ${who} (${why}), but it is an implicit-TLS port (smtpd_tls_wrappermode = yes): every connection will fail. Set smtpd_tls_security_level = encrypt for it.`
          : `TLS is off for ${who}: ${why}, so clients cannot use STARTTLS although a certificate is configured. Gmail's "Send mail as" and other careful senders need TLS. ` +
            'Turning TLS off is never the fix for a certificate error: set smtpd_tls_security_level = may (encrypt on the submission port) and fix the certificate.';
        at = levelAt ?? certAt ?? wrapperAt;
      } else if (level !== 'none' && !certParam) {
        message =
          `${who} asks for TLS (security level ${level}${wrapper ? ', implicit TLS' : ''}) but no certificate is configured: ` +
          `smtpd ${level === 'may' && !wrapper ? 'offers no STARTTLS at all' : 'cannot serve TLS and clients are refused'}. Set smtpd_tls_chain_files (or smtpd_tls_cert_file and smtpd_tls_key_file).`;
        at = levelAt ?? wrapperAt;
      }
      if (!message || !at) continue;
      const key = `${at.file}:${at.range.start.line}:${at.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        code: 'tls-disabled',
        severity: 'error',
        message,
        range: at.range,
        name: at.param,
        file: at.file,
        ...(at.service ? { service: at.service } : {}),
        data: { fix: 'smtpd_tls_security_level', value: scope?.service.name === 'submission' || wrapper ? 'encrypt' : 'may' },
      });
    }
    return out;
  },
};
