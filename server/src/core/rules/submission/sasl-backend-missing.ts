// sasl-backend-missing: a submission service with SASL on whose back end is not where smtpd looks:
// Dovecot's auth socket (smtpd logs "SASL: Connect to Dovecot auth socket ... failed" and then
// "fatal: no SASL authentication mechanisms" on every connection), or Cyrus SASL's smtpd.conf
// (libsasl2 then runs on its defaults: the sasldb2 password database and every mechanism it has,
// which is seldom what was set up). Judged from what stat() found (io/path-facts.ts); without those
// facts (an untrusted workspace) nothing is said. What could not be looked at (the queue directory
// is not on this machine, or not searchable by the user running the check) is information, and
// says what was not checked.

import type { Finding, Severity } from '../../types';
import type { PathFact } from '../../config/path-facts';
import { nameForMessage, serviceForMessage } from '../../config/quote';
import type { Rule } from '../rule';
import { saslBackends, type SaslBackend } from './sasl-backend';

const CODE = 'sasl-backend-missing';

const path = (p: string) => nameForMessage(p, 1000);

/** Why the base directory (or a path) could not be looked at, or undefined when it could. */
function notLooked(what: string, f: PathFact | undefined): string | undefined {
  if (!f) return `${what} was not looked at`;
  if (f.kind === 'missing') return `${what} does not exist on this machine`;
  if (f.kind === 'no-access') return `${what} cannot be searched by the user running the check (permission denied)`;
  if (f.kind === 'error') return `${what} cannot be looked at (${f.code})`;
  return undefined;
}

function judge(b: SaslBackend, facts: ReadonlyMap<string, PathFact>): { severity: Severity; message: string } | undefined {
  const service = serviceForMessage(b.scope.service.id);
  const base = b.base ? notLooked(b.type === 'dovecot' ? `the queue directory ${path(b.base)}` : `the configuration directory ${path(b.base)}`, facts.get(b.base)) : undefined;
  if (b.type === 'dovecot') {
    const socket = b.paths[0]!;
    const f = facts.get(socket);
    if (f?.kind === 'socket') return undefined;
    const cannot = base ?? (f?.kind === 'missing' ? undefined : notLooked(path(socket), f));
    if (cannot) {
      return {
        severity: 'information',
        message:
          `Dovecot's auth socket ${path(socket)} for ${service} was not checked: ${cannot}. ` +
          'If this is a copy of a mail server\'s configuration, check on the server (as root) that the socket exists.',
      };
    }
    const what = f?.kind === 'missing' ? 'does not exist' : `is not a socket (it is a ${f!.kind === 'other' ? 'special file' : f!.kind})`;
    return {
      severity: 'warning',
      message:
        `${service} authenticates through Dovecot (smtpd_sasl_type = dovecot), but its auth socket ${path(socket)} ${what} ` +
        `(smtpd_sasl_path = ${nameForMessage(b.setting, 1000)}): smtpd cannot connect to it and stops on every connection ("no SASL authentication mechanisms"), so mail programs cannot log in. ` +
        'Have Dovecot listen there (service auth { unix_listener ... } with mode 0660, user and group postfix), or correct smtpd_sasl_path.',
    };
  }
  if (b.paths.some((p) => facts.get(p)?.kind === 'file')) return undefined;
  const dirs = b.paths.map((p) => path(p.slice(0, p.lastIndexOf('/')) || '/'));
  const file = nameForMessage(`${b.setting}.conf`);
  const blocked = b.paths.map((p) => facts.get(p)).find((f) => !f || f.kind === 'no-access' || f.kind === 'error');
  const cannot = base ?? (blocked ? notLooked(`a directory on the search path`, blocked) : undefined);
  const where = b.search === 'debian' ? "the search path of Debian's smtpd" : b.search === 'cyrus_sasl_config_path' ? 'cyrus_sasl_config_path' : "libsasl2's usual directories";
  if (cannot || b.search === 'libsasl2') {
    return {
      severity: 'information',
      message:
        `Cyrus SASL's ${file} for ${service} was not found in ${dirs.join(', ')} (${where})` +
        (cannot ? `, and not everything could be checked: ${cannot}.` : ', but the path libsasl2 was built with is not known here.') +
        ' Without it libsasl2 uses its defaults: passwords in the sasldb2 database and every mechanism it has.',
    };
  }
  return {
    severity: 'warning',
    message:
      `${service} authenticates through Cyrus SASL (smtpd_sasl_type = cyrus), but there is no ${file} in ${dirs.join(' or ')} (${where}): ` +
      'libsasl2 falls back to its defaults, checking passwords in the sasldb2 database with every mechanism it has; unless that database holds your users, mail programs cannot log in. ' +
      `Create ${path(b.paths[0]!)} (pwcheck_method, mech_list), or use Dovecot (smtpd_sasl_type = dovecot).`,
  };
}

export const saslBackendMissingRule: Rule = {
  code: CODE,
  severity: 'warning',
  why: "smtpd checks passwords through its SASL back end (Dovecot's auth socket, Cyrus SASL's smtpd.conf); when that is not where smtpd looks, logins fail or are checked against a database nobody set up.",
  evidence: 'configuration',
  check(a) {
    const facts = a.pathFacts;
    if (!facts || !a.master) return [];
    const out: Finding[] = [];
    for (const b of saslBackends(a, facts.debianSaslPath)) {
      const j = judge(b, facts.paths);
      if (!j) continue;
      out.push({ code: CODE, severity: j.severity, message: j.message, range: b.scope.service.fields[0]!.range, file: 'master.cf', service: b.scope.service.id });
    }
    return out;
  },
};
