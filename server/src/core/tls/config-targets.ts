// Which certificate files a configuration makes Postfix load, for which service, as which role, and
// where in main.cf / master.cf to report on them. Pure: paths come out expanded ($config_directory,
// ${myhostname}.pem), the caller reads the files.
//
// - Server side: smtpd_tls_{cert,key}_file, _eccert/_eckey, _dcert/_dkey, or smtpd_tls_chain_files
//   (Postfix 3.4+; when set, the older ones are ignored), per smtpd service that other machines can
//   reach: main.cf's values unless the service overrides them with -o. tlsproxy_tls_* only where
//   set apart from smtpd's.
// - Client side: smtp_tls_* and lmtp_tls_* (client certificates: readability and key match only).
// - The names a server certificate must match: $myhostname of that service plus the extra names the
//   caller passes (the smtp.example.com users type into Gmail).

import type { ConfigAnalysis } from '../analysis';
import type { MasterScope } from '../config/postconf-model';
import { stripTrailing } from '../config/c-string';
import { MAC_PARSE_ERROR } from '../config/macro';
import { listenerInfo } from '../config/listeners';
import type { Location } from './location';
import type { SettingEvidence } from '../rules/certificates/setting-evidence';

export type { Location, SettingNote } from './location';

export interface CertificateTarget {
  role: 'server' | 'client';
  kind: 'pair' | 'chain';
  /** pair: the certificate file and, when different, the key file. */
  certPath?: string;
  keyPath?: string;
  /** chain: the files of *_tls_chain_files, in order (the first MAX_FILES_PER_SETTING of them). */
  chainPaths?: string[];
  /** chain: how many files the setting lists (more than chainPaths holds when it lists too many). */
  listed?: number;
  hostnames: string[];
  certAt: Location;
  keyAt?: Location;
  /** The services that load it ("main.cf" when there is no master.cf). */
  services: string[];
}

/**
 * Files of one *_tls_chain_files setting that are read. A server needs a key and a chain per
 * algorithm (RSA, ECDSA, perhaps Ed25519): two to six files, nine with the intermediates apart. A
 * list of hundreds (one file named a thousand times was reported, each copy read at once, gigabytes
 * for a 29 KB main.cf) is not a configuration: the rest is left unread and one finding says so.
 */
export const MAX_FILES_PER_SETTING = 16;

const PAIRS: [string, string][] = [
  ['cert_file', 'key_file'],
  ['eccert_file', 'eckey_file'],
  ['dcert_file', 'dkey_file'],
];

interface Scope {
  id: string;
  scope: MasterScope | null;
}

/** Where the value of `param` in a scope is written: the -o, else main.cf; undefined at its default. */
export function locate(a: ConfigAnalysis, param: string, scope: MasterScope | null): Location | undefined {
  const o = scope?.overrideOf.get(param);
  if (scope && o && scope.params?.get(param) === o.value) return { file: 'master.cf', range: o.valueRange, param, service: scope.service.id };
  const e = a.model.entryOf.get(param);
  if (e) return { file: 'main.cf', range: e.valueRange.start.line === e.valueRange.end.line && e.value === '' ? e.nameRange : e.valueRange, param };
  return undefined;
}

/** The effective, expanded value of a parameter in a scope ('' when undefined or not expandable). */
export function effective(a: ConfigAnalysis, param: string, scope: MasterScope | null): string {
  const raw = a.model.lookup(param, scope);
  if (raw === null) return '';
  if (raw.indexOf('$') === -1) return raw.trim();
  const r = a.model.expand(raw, scope);
  return r.status & MAC_PARSE_ERROR ? '' : r.value.trim();
}

/** A location as part of a key (cheaper than JSON.stringify, which this ran on every edit). */
function locationKey(l: Location): string {
  const r = l.range;
  return `${l.file}\x01${l.param}\x01${l.service ?? ''}\x01${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function scopesFor(a: ConfigAnalysis, commands: string[], types: string[]): Scope[] {
  const out: Scope[] = [];
  for (const sc of a.model.scopes) {
    const s = sc.service;
    if (commands.includes(s.fields[7].text) && types.includes(s.type)) out.push({ id: s.id, scope: sc });
  }
  if (!a.master) out.push({ id: 'main.cf', scope: null });
  return out;
}

function resolvePath(p: string, queueDirectory: string): string {
  if (p.startsWith('/') || !queueDirectory) return p;
  return `${stripTrailing(queueDirectory, '/')}/${p}`;
}

/** The server names to verify in a scope: $myhostname plus the extra names, without repeats. */
function namesFor(a: ConfigAnalysis, scope: MasterScope | null, extra: readonly string[]): string[] {
  const own = effective(a, 'myhostname', scope);
  const out: string[] = [];
  for (const n of [own, ...extra]) {
    const k = n.trim();
    if (k && !out.some((x) => x.toLowerCase() === k.toLowerCase())) out.push(k);
  }
  return out;
}

/**
 * The files each setting makes Postfix load, and what the certificate-setting rules judge about the
 * settings themselves (each once, however many services share the setting).
 */
export function certificateTargets(a: ConfigAnalysis, extraHostnames: readonly string[]): { targets: CertificateTarget[]; settings: SettingEvidence[] } {
  const byKey = new Map<string, CertificateTarget>();
  const settings: SettingEvidence[] = [];
  const settingKeys = new Set<string>();
  const note = (e: SettingEvidence) => {
    const k = `${e.kind}|${e.at.file}|${e.at.range.start.line}|${e.at.range.start.character}`;
    if (!settingKeys.has(k)) {
      settingKeys.add(k);
      settings.push(e);
    }
  };
  const add = (t: CertificateTarget, service: string) => {
    const key = `${t.role}\0${t.kind}\0${t.certPath}\0${t.keyPath}\0${t.chainPaths?.join('\x01')}\0${t.hostnames.join('\x01')}\0${locationKey(t.certAt)}\0${t.keyAt ? locationKey(t.keyAt) : ''}`;
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.services.includes(service)) seen.services.push(service);
    } else byKey.set(key, { ...t, services: [service] });
  };

  const groups: { prefix: string; role: 'server' | 'client'; scopes: Scope[]; onlyIfSet?: boolean }[] = [
    { prefix: 'smtpd', role: 'server', scopes: scopesFor(a, ['smtpd'], ['inet', 'pass', 'unix']) },
    { prefix: 'tlsproxy', role: 'server', scopes: scopesFor(a, ['tlsproxy'], ['unix', 'inet', 'pass']), onlyIfSet: true },
    { prefix: 'smtp', role: 'client', scopes: scopesFor(a, ['smtp'], ['unix', 'inet']) },
    { prefix: 'lmtp', role: 'client', scopes: scopesFor(a, ['lmtp'], ['unix', 'inet']) },
  ];
  // An smtpd only this machine can reach (a content filter's 127.0.0.1:10025, loopback-only
  // inet_interfaces) shows its certificate to no remote client: its names and trust are not judged.
  // (tlsproxy is a unix service but serves postscreen's remote clients.)
  const interfaces = effective(a, 'inet_interfaces', null) || 'all';
  const remote = (scope: MasterScope | null) => !listenerInfo(scope?.service ?? null, interfaces, a.model.options.installation).local;
  for (const g of groups) {
    for (const { id, scope } of g.scopes) {
      if (g.prefix === 'smtpd' && !remote(scope)) continue;
      const queueDirectory = effective(a, 'queue_directory', scope);
      const hostnames = g.role === 'server' ? namesFor(a, scope, extraHostnames) : [];
      const chainParam = `${g.prefix}_tls_chain_files`;
      const chain = a.model.isKnown(chainParam) ? effective(a, chainParam, scope) : '';
      const explicitlySet = (param: string) => locate(a, param, scope) !== undefined;
      if (g.onlyIfSet && ![chainParam, ...PAIRS.flat().map((x) => `${g.prefix}_tls_${x}`)].some(explicitlySet)) continue;
      if (chain) {
        const at = locate(a, chainParam, scope)!;
        const listed = chain.split(/[\s,]+/).filter(Boolean);
        const paths = listed.slice(0, MAX_FILES_PER_SETTING).map((p) => resolvePath(p, queueDirectory));
        if (listed.length > MAX_FILES_PER_SETTING) note({ kind: 'list-too-long', param: chainParam, listed, read: MAX_FILES_PER_SETTING, at });
        add({ role: g.role, kind: 'chain', chainPaths: paths, listed: listed.length, hostnames, certAt: at, services: [] }, id);
        for (const [c, k] of PAIRS) {
          for (const param of [`${g.prefix}_tls_${c}`, `${g.prefix}_tls_${k}`]) {
            const loc = locate(a, param, scope);
            if (loc && effective(a, param, scope)) {
              note({ kind: 'ignored-beside-chain-files', param, chainParam, chainAt: at, at: loc });
            }
          }
        }
        continue;
      }
      for (const [c, k] of PAIRS) {
        const certParam = `${g.prefix}_tls_${c}`;
        const keyParam = `${g.prefix}_tls_${k}`;
        const cert = effective(a, certParam, scope);
        if (!cert) continue;
        const certAt = locate(a, certParam, scope);
        if (!certAt) continue; // set only through a default: nothing to point at
        const key = effective(a, keyParam, scope) || cert;
        const certPath = resolvePath(cert, queueDirectory);
        const keyPath = resolvePath(key, queueDirectory);
        add(
          {
            role: g.role,
            kind: 'pair',
            certPath,
            keyPath: keyPath === certPath ? undefined : keyPath,
            hostnames,
            certAt,
            keyAt: locate(a, keyParam, scope) ?? certAt,
            services: [],
          },
          id,
        );
      }
    }
  }
  return { targets: [...byKey.values()], settings };
}
