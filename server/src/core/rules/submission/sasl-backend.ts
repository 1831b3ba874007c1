// Where each submission service's SASL back end should be on disk, as smtpd looks for it. Pure: the
// paths come out for io/path-facts.ts to stat(), and sasl-backend-missing judges what it found.
//
// - Dovecot (smtpd_sasl_type = dovecot): smtpd connects to the UNIX socket smtpd_sasl_path for every
//   session, after master(8) put it in its chroot: a relative path is relative to queue_directory
//   (smtpd's working directory), an absolute one inside the chroot (queue_directory) when the
//   service's chroot column says y. "inet:host:port" is a TCP socket: not checked. "unix:" is cut off.
// - Cyrus (the default type): libsasl2 reads "<smtpd_sasl_path>.conf" (smtpd.conf) once, before the
//   chroot, from the first directory of its search path that has it. Debian's smtpd always hands it
//   "${config_directory}/sasl:/usr/lib/sasl" (a patch; cyrus_sasl_config_path is then not used);
//   elsewhere cyrus_sasl_config_path when set, else libsasl2's built-in path, which differs by
//   system: its usual directories are looked in.

import type { ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import { knownValue, provenOn, submissionServices } from './services';

/** libsasl2's usual built-in configuration directories (--with-configdir of the distributions). */
export const LIBSASL2_DIRS = ['/etc/sasl2', '/etc/sasl', '/usr/lib/sasl2', '/usr/lib64/sasl2', '/usr/local/lib/sasl2', '/usr/lib/x86_64-linux-gnu/sasl2'];

export interface SaslBackend {
  scope: MasterScope;
  type: 'dovecot' | 'cyrus';
  /** smtpd_sasl_path's value for the service. */
  setting: string;
  /** dovecot: the socket (one path); cyrus: <directory>/<name>.conf per directory searched, in order. */
  paths: string[];
  /**
   * The directory without which a missing path says nothing about the server: the queue directory
   * (dovecot), the configuration directory (Debian's Cyrus). A copy of /etc/postfix checked on
   * another machine has neither where the server has them.
   */
  base?: string;
  /** cyrus: where the search path comes from. */
  search?: 'debian' | 'cyrus_sasl_config_path' | 'libsasl2';
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
const join = (dir: string, name: string) => `${trimSlash(dir)}/${name}`;

/**
 * The back ends of the submission services with SASL on, one per service whose values the pair
 * proves. `debian`: PathFacts.debianSaslPath (the caller knows it before it asks for paths).
 */
export function saslBackends(a: ConfigAnalysis, debian: boolean | undefined): SaslBackend[] {
  if (!a.master) return [];
  const out: SaslBackend[] = [];
  for (const scope of submissionServices(a)) {
    if (!provenOn(a, 'smtpd_sasl_auth_enable', scope)) continue;
    const type = knownValue(a, 'smtpd_sasl_type', scope)?.toLowerCase();
    const setting = knownValue(a, 'smtpd_sasl_path', scope);
    const queue = knownValue(a, 'queue_directory', scope);
    if (!setting || !queue || !queue.startsWith('/')) continue;
    if (type === 'dovecot') {
      if (setting.startsWith('inet:')) continue;
      const p = setting.startsWith('unix:') ? setting.slice(5) : setting;
      if (!p) continue;
      const chroot = scope.service.fields[4]?.text === 'y';
      const path = !p.startsWith('/') ? join(queue, p) : chroot ? trimSlash(queue) + p : p;
      out.push({ scope, type, setting, paths: [path], base: trimSlash(queue) });
    } else if (type === 'cyrus') {
      const file = `${setting}.conf`;
      const confDir = knownValue(a, 'config_directory', scope);
      const own = knownValue(a, 'cyrus_sasl_config_path', scope);
      if (!confDir || own === undefined) continue;
      if (debian) {
        out.push({ scope, type, setting, paths: [join(confDir, 'sasl'), '/usr/lib/sasl'].map((d) => join(d, file)), base: trimSlash(confDir), search: 'debian' });
      } else if (own) {
        out.push({ scope, type, setting, paths: own.split(':').filter((d) => d.startsWith('/')).map((d) => join(d, file)), search: 'cyrus_sasl_config_path' });
      } else {
        out.push({ scope, type, setting, paths: LIBSASL2_DIRS.map((d) => join(d, file)), search: 'libsasl2' });
      }
    }
  }
  return out;
}

/** Every path the back ends need stat()ed, their base directories included, each once. */
export function saslBackendPaths(a: ConfigAnalysis, debian: boolean | undefined): string[] {
  return backendPaths(saslBackends(a, debian));
}

/** The paths of these back ends and their base directories, each once. */
export function backendPaths(backends: readonly SaslBackend[]): string[] {
  const set = new Set<string>();
  for (const b of backends) {
    if (b.base) set.add(b.base);
    for (const p of b.paths) set.add(p);
  }
  return [...set];
}
