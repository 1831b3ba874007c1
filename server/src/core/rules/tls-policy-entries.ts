// The entries of an SMTP client's TLS policy table that can be read from the configuration itself:
// inline:{ key=value, { key = value } } (dict_inline.c: the outer braces stripped, entries split
// on commas and blanks with {} kept together, a braced entry stripped again, "name = value") and
// static:value or static:{value} (dict_static.c), and tables kept in files: texthash:FILE, and
// hash:, lmdb:, btree:FILE by the text source postmap made them from, when io/ could read it
// (config/policy-table-sources.ts names them; one that could not be read is not judged). Each
// value is a policy as smtp_tls_policy.c reads it: the level first, then attributes.

import type { ConfigAnalysis } from '../analysis';
import { splitQuoted } from '../config/postconf-model';
import { readLogicalLines } from '../config/logical-lines';
import { tableSourcePath } from '../config/policy-table-sources';
import { nameForMessage, quoteForMessage } from '../config/quote';
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
  /** The file the entry is in, for a table kept in a file. */
  source?: string;
}

/** An entry as a message names it: "smtp_tls_policy_maps: example.org dane-only" (", in FILE" for a file's). */
export function entryForMessage(prefix: string, e: PolicyEntry): string {
  return `${prefix}_tls_policy_maps: ${quoteForMessage(e.key)} ${quoteForMessage(e.level)}${e.source ? `, in ${nameForMessage(e.source)}` : ''}`;
}

/**
 * The entries of a table's text source as postmap reads it (logical lines as in main.cf: "#"
 * lines are comments, a line starting with blanks continues the one before; the key up to the
 * first blank, the value after it). A line without a value, which postmap rejects, is left out.
 */
export function tableSourceEntries(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const ll of readLogicalLines(text)) {
    if (ll.leadingWhitespace) continue;
    const m = /^(\S+)\s+(\S[\s\S]*)$/.exec(ll.text.trimEnd());
    if (m) out.push({ key: m[1]!, value: m[2]! });
  }
  return out;
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
  const add = (key: string, policy: string, source?: string) => {
    const [level, ...attributes] = policy.split(/[\s,]+/).filter(Boolean);
    if (level) out.push({ key, level: level.toLowerCase(), attributes, at, ...(source ? { source } : {}) });
  };
  for (const table of splitQuoted(value)) {
    const colon = table.indexOf(':');
    const type = table.slice(0, colon).toLowerCase();
    const body = table.slice(colon + 1);
    const source = tableSourcePath(table);
    if (source) {
      const file = a.model.options.tableConfigFiles?.get(source);
      if (file?.ok) for (const e of tableSourceEntries(file.text)) add(e.key, e.value, source);
    } else if (type === 'static') {
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
