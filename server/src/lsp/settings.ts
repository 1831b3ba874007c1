// The one settings schema: every setting with its default. package.json's
// contributes.configuration must list the same keys and defaults (a test keeps them in step).
// An invalid value falls back to its default, with a warning.

import * as path from 'node:path';
import type { Severity } from '../core/types';

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
}

export const DEFAULT_SETTINGS: Settings = {
  hostnames: [],
  extraCaFile: '',
  expiryWarningDays: 30,
  severity: {},
  postconfPath: '',
  postfixVersion: '',
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
  return { settings: s, warnings };
}
