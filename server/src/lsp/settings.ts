// The one settings schema: every setting with its default. package.json's
// contributes.configuration must list the same keys and defaults (a test keeps them in step).
// An invalid value falls back to its default, with a warning.

import * as path from 'node:path';
import type { Severity } from '../core/types';
import { dnsQueryName } from '../core/dns/name';
import { parseResolverAddress } from '../core/dns/resolver-address';

export interface Settings {
  /** Host names clients use to reach this server (besides $myhostname). */
  hostnames: string[];
  /** A PEM file of extra trusted CA certificates (a private CA). */
  extraCaFile: string;
  /** Warn this many days before a certificate expires. */
  expiryWarningDays: number;
  /** Per-code severity ("error", "warning", "information", "hint") or "off". */
  severity: Record<string, Severity | 'off'>;
  /** Absolute path of postconf; empty means search $PATH (its absolute entries). */
  postconfPath: string;
  /** Postfix version whose parameters apply; empty means the installed postconf's, else 3.7. */
  postfixVersion: string;
  // The DNS settings keep the names users write in settings.json ("postfixLens.dns.resolver"); VS
  // Code sends them nested ({ dns: { resolver } }), and readSettings takes either form.
  /** Run the DNS check on opening main.cf and after certificate changes (never in an untrusted workspace). */
  'dns.enabled': boolean;
  /** The resolver the DNS check asks, ADDR[:PORT]; empty means /etc/resolv.conf's. */
  'dns.resolver': string;
  /** Domains the DNS check looks at besides the configuration's. */
  'dns.domains': string[];
}

export const DEFAULT_SETTINGS: Settings = {
  hostnames: [],
  extraCaFile: '',
  expiryWarningDays: 30,
  severity: {},
  postconfPath: '',
  postfixVersion: '',
  'dns.enabled': false,
  'dns.resolver': '',
  'dns.domains': [],
};

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Validate what the client sent; returns the settings and one warning per value that was refused. */
export function readSettings(raw: unknown): { settings: Settings; warnings: string[] } {
  const warnings: string[] = [];
  // severity is keyed by what the user typed: no prototype, so "__proto__" or "constructor" is a key like any other.
  const s: Settings = { ...DEFAULT_SETTINGS, severity: Object.create(null) as Settings['severity'] };
  if (raw === null || typeof raw !== 'object') return { settings: s, warnings };
  const r = raw as Record<string, unknown>;
  const bad = (key: string, why: string) => warnings.push(`postfixLens.${key}: ${why}; using the default`);
  if (r.hostnames !== undefined) {
    if (Array.isArray(r.hostnames) && r.hostnames.every((h) => typeof h === 'string')) s.hostnames = (r.hostnames as string[]).map((h) => h.trim()).filter(Boolean);
    else bad('hostnames', 'expected a list of host names');
  }
  if (r.extraCaFile !== undefined) {
    if (typeof r.extraCaFile === 'string') s.extraCaFile = r.extraCaFile;
    else bad('extraCaFile', 'expected a file path');
  }
  if (r.expiryWarningDays !== undefined) {
    const n = r.expiryWarningDays;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 3650) s.expiryWarningDays = n;
    else bad('expiryWarningDays', 'expected a whole number of days between 0 and 3650');
  }
  if (r.severity !== undefined) {
    if (r.severity && typeof r.severity === 'object' && !Array.isArray(r.severity)) {
      for (const [code, level] of Object.entries(r.severity as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level)) s.severity[code] = level as Severity | 'off';
        // The key comes from the workspace's settings and the warning is shown as a notification,
        // which renders Markdown links: a key not shaped like a code is not repeated.
        else bad(/^[A-Za-z0-9-]{1,64}$/.test(code) ? `severity.${code}` : 'severity (a key that is no finding code)', `expected one of ${[...LEVELS].join(', ')}`);
      }
    } else bad('severity', 'expected an object of code: level');
  }
  if (r.postconfPath !== undefined) {
    // Absolute only: a relative path would name a program in whatever folder the server runs in.
    if (typeof r.postconfPath !== 'string') bad('postconfPath', 'expected a file path');
    else if (r.postconfPath === '' || path.isAbsolute(r.postconfPath)) s.postconfPath = r.postconfPath;
    else bad('postconfPath', 'expected an absolute path such as /usr/sbin/postconf (a relative path would run a program from the folder)');
  }
  if (r.postfixVersion !== undefined) {
    if (typeof r.postfixVersion === 'string' && (r.postfixVersion === '' || /^\d+\.\d+(\.\d+)?$/.test(r.postfixVersion))) s.postfixVersion = r.postfixVersion;
    else bad('postfixVersion', 'expected a version such as 3.7');
  }
  readDnsSettings(r, s, bad);
  return { settings: s, warnings };
}

function readDnsSettings(r: Record<string, unknown>, s: Settings, bad: (key: string, why: string) => void): void {
  const nested = r.dns !== null && typeof r.dns === 'object' ? (r.dns as Record<string, unknown>) : {};
  const value = (key: 'enabled' | 'resolver' | 'domains') => r[`dns.${key}`] ?? nested[key];
  const enabled = value('enabled');
  if (enabled !== undefined) {
    if (typeof enabled === 'boolean') s['dns.enabled'] = enabled;
    else bad('dns.enabled', 'expected true or false');
  }
  const resolver = value('resolver');
  if (resolver !== undefined) {
    if (typeof resolver !== 'string') bad('dns.resolver', 'expected an address such as 127.0.0.1 or [::1]:5353');
    else if (resolver.trim() === '') s['dns.resolver'] = '';
    else {
      const parsed = parseResolverAddress(resolver.trim());
      // The reason quotes what was typed: shown as a notification, so hidden characters are not repeated.
      if ('error' in parsed) bad('dns.resolver', /^[\x21-\x7e]{1,100}$/.test(resolver.trim()) ? parsed.error : 'expected an address such as 127.0.0.1 or [::1]:5353');
      else s['dns.resolver'] = resolver.trim();
    }
  }
  const domains = value('domains');
  if (domains !== undefined) {
    if (Array.isArray(domains) && domains.every((d) => typeof d === 'string' && (d.trim() === '' || dnsQueryName(d.trim()) !== null))) s['dns.domains'] = (domains as string[]).map((d) => d.trim()).filter(Boolean);
    else bad('dns.domains', 'expected a list of domain names');
  }
}
