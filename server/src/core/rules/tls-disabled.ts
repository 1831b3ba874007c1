// tls-disabled: an SMTP server that remote clients reach but whose TLS is off (smtpd_tls_security_level
// = none, or unset without the legacy smtpd_use_tls) although a certificate is configured; TLS asked
// for without any certificate. Clients such as Gmail's "Send mail as" then cannot use TLS at all.
// Turning TLS off is never the fix for a certificate that clients refuse.
//
// Judged per smtpd service as smtpd itself does (smtpd.c): in wrapper mode (port 465) smtpd ignores
// smtpd_tls_security_level and always does TLS; verify, secure and fingerprint mean encrypt. A
// service only this machine can reach (loopback addresses, a unix socket: master(8)'s "local only",
// see config/listeners.ts), such as a content filter's reinjection port, needs no TLS: there TLS
// off, or may without a certificate, is no finding. TLS that cannot work (encrypt or wrapper mode
// without a certificate) is one everywhere, because smtpd then refuses its clients.

import type { Finding } from '../types';
import { effective, locate, type Location } from '../tls/config-targets';
import type { Rule } from './rule';
import { serviceForMessage } from '../config/quote';
import { listenerInfo } from '../config/listeners';
import { listNames } from './main-cf-readers';
import { tlsDisabledFix } from './tls-disabled-fix';

const CERT_PARAMS = ['smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file', 'smtpd_tls_chain_files'];
const yes = (v: string) => v.toLowerCase() === 'yes';
/** smtpd's reading of a security level (smtpd.c); null for a level it refuses (invalid-value's finding). */
const LEVELS = new Map([
  ['none', 'none'],
  ['may', 'may'],
  ['encrypt', 'encrypt'],
  ['verify', 'encrypt'],
  ['secure', 'encrypt'],
  ['fingerprint', 'encrypt'],
]);

export const tlsDisabledRule: Rule = {
  code: 'tls-disabled',
  severity: 'error',
  why: 'With TLS off, clients cannot use STARTTLS at all; Gmail refuses to send through such a server, and turning TLS off never fixes a certificate problem.',
  evidence: 'configuration',
  fixes: tlsDisabledFix,
  fixExamples: [
    {
      main: 'smtpd_tls_security_level = none\nsmtpd_tls_cert_file = /etc/ssl/cert.pem\n',
      at: 'none',
      title: 'Turn TLS on: smtpd_tls_security_level = may',
      after: 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/cert.pem\n',
    },
    {
      main: '',
      master: 'submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/cert.pem\n  -o smtpd_sasl_auth_enable=yes\n',
      file: 'master.cf',
      at: '/etc/ssl/cert.pem',
      title: 'Turn TLS on: smtpd_tls_security_level = encrypt',
      after: 'submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/cert.pem\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n',
    },
  ],
  check(a) {
    // One finding per setting at fault, naming every service it applies to.
    const found = new Map<string, { at: Location; services: string[]; message: (who: string) => string; value: string }>();
    const scopes = a.model.scopes.filter((sc) => sc.service.fields[7].text === 'smtpd' && (sc.service.type === 'inet' || sc.service.type === 'pass'));
    const list = a.master ? scopes : [null];
    let interfaces: string | undefined;
    for (const scope of list) {
      // master(8) reads main.cf alone, so a service's -o does not change where it listens.
      interfaces ??= effective(a, 'inet_interfaces', null) || 'all';
      const local = listenerInfo(scope?.service ?? null, interfaces, a.model.options.installation).local;
      const wrapper = yes(effective(a, 'smtpd_tls_wrappermode', scope));
      const levelSet = effective(a, 'smtpd_tls_security_level', scope).toLowerCase();
      const level = wrapper
        ? 'encrypt'
        : levelSet
          ? LEVELS.get(levelSet)
          : yes(effective(a, 'smtpd_enforce_tls', scope)) ? 'encrypt' : yes(effective(a, 'smtpd_use_tls', scope)) ? 'may' : 'none';
      if (!level) continue;
      const certParam = CERT_PARAMS.find((p) => a.model.isKnown(p) && effective(a, p, scope) !== '');
      const levelAt = locate(a, 'smtpd_tls_security_level', scope);
      let message: ((who: string) => string) | null = null;
      let at: Location | undefined;
      if (level === 'none' && certParam && !local) {
        const why = levelSet ? 'smtpd_tls_security_level = none' : 'smtpd_tls_security_level is not set (and smtpd_use_tls is not yes)';
        message = (who) =>
          `TLS is off for ${who}: ${why}, so clients cannot use STARTTLS although a certificate is configured. Gmail's "Send mail as" and other careful senders need TLS. ` +
          'Turning TLS off is never the fix for a certificate error: set smtpd_tls_security_level = may (encrypt on the submission port) and fix the certificate.';
        at = levelAt ?? locate(a, certParam, scope);
      } else if (level !== 'none' && !certParam && (level === 'encrypt' || !local)) {
        const shown = wrapper ? 'implicit TLS, smtpd_tls_wrappermode = yes' : `security level ${level}`;
        message = (who) =>
          `${who} ${/ and /.test(who) ? 'ask' : 'asks'} for TLS (${shown}) but no certificate is configured: ` +
          `smtpd ${level === 'may' ? 'offers no STARTTLS at all' : 'cannot serve TLS and clients are refused'}. Set smtpd_tls_chain_files (or smtpd_tls_cert_file and smtpd_tls_key_file).`;
        const wrapperAt = locate(a, 'smtpd_tls_wrappermode', scope);
        at = wrapper ? (wrapperAt ?? levelAt) : (levelAt ?? wrapperAt);
      }
      if (!message || !at) continue;
      const key = `${at.file}:${at.range.start.line}:${at.range.start.character}`;
      const who = scope ? serviceForMessage(scope.service.id) : 'this server';
      const f = found.get(key);
      if (f) {
        if (!f.services.includes(who)) f.services.push(who);
      } else {
        // main.cf's level is port 25's too, which must stay at may; encrypt on submission and port 465.
        const value = at.file === 'master.cf' && (scope?.service.name === 'submission' || wrapper) ? 'encrypt' : 'may';
        found.set(key, { at, services: [who], message, value });
      }
    }
    const out: Finding[] = [];
    for (const { at, services, message, value } of found.values()) {
      out.push({
        code: 'tls-disabled',
        severity: 'error',
        message: message(listNames(services)),
        range: at.range,
        name: at.param,
        file: at.file,
        ...(at.service ? { service: at.service } : {}),
        data: { fix: 'smtpd_tls_security_level', value },
      });
    }
    return out;
  },
};
