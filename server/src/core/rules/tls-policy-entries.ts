// The entries of an SMTP client's TLS policy table that can be read from the configuration itself:
// inline:{ key=value, { key = value } } (dict_inline.c: the outer braces stripped, entries split
// on commas and blanks with {} kept together, a braced entry stripped again, "name = value") and
// static:value or static:{value} (dict_static.c). Tables in files (hash:, texthash:...) are not read
// here. Each value is a policy as smtp_tls_policy.c reads it: the level first, then attributes.

import type { ConfigAnalysis } from '../analysis';
import { splitQuoted } from '../config/postconf-model';
import { effective, locate, type Location } from '../tls/config-targets';
import type { MasterScope } from '../config/postconf-model';

export interface PolicyEntry {
  /** The destination ("example.com", "[mx.example.com]:25"); "*" for static:, which answers every one. */
  key: string;
  /** The level, lower case. */
  level: string;
  /** The attributes after the level ("match=...", "tafile=..."). */
  attributes: string[];
  /** The policy table setting. */
  at: Location;
}

const unbrace = (s: string): string | null => (s.startsWith('{') ? (s.endsWith('}') ? s.slice(1, -1).trim() : null) : s);

/** `c`: a client as smtp-client-scopes.ts lists them (its service, or null for main.cf, and its prefix). */
export function policyEntries(a: ConfigAnalysis, c: { scope: MasterScope | null; prefix: string }): PolicyEntry[] {
  const param = `${c.prefix}_tls_policy_maps`;
  const value = effective(a, param, c.scope);
  if (!value) return [];
  const at = locate(a, param, c.scope);
  if (!at) return [];
  const out: PolicyEntry[] = [];
  const add = (key: string, policy: string) => {
    const [level, ...attributes] = policy.split(/[\s,]+/).filter(Boolean);
    if (level) out.push({ key, level: level.toLowerCase(), attributes, at });
  };
  for (const table of splitQuoted(value)) {
    const colon = table.indexOf(':');
    const type = table.slice(0, colon).toLowerCase();
    const body = table.slice(colon + 1);
    if (type === 'static') {
      const v = unbrace(body);
      if (v) add('*', v);
    } else if (type === 'inline') {
      const inner = body.startsWith('{') && body.endsWith('}') ? body.slice(1, -1) : null;
      for (const word of inner === null ? [] : splitQuoted(inner)) {
        const entry = unbrace(word);
        const eq = entry?.indexOf('=') ?? -1;
        if (entry && eq > 0) add(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim());
      }
    }
  }
  return out;
}
