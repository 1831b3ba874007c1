// What a value or a $name becomes in a scope, for hovers: the expanded text, or why it cannot be
// expanded. Postfix expands recursively and replaces an undefined $name with nothing.

import { MAC_PARSE_ERROR } from '../config/macro';
import { expansionFailure, type MasterScope } from '../config/postconf-model';
import type { ConfigAnalysis } from '../analysis';

export type Expansion = { ok: true; value: string } | { ok: false; why: string };

export function expandValue(a: ConfigAnalysis, raw: string, scope: MasterScope | null): Expansion {
  if (raw.indexOf('$') === -1) return { ok: true, value: raw };
  try {
    const r = a.model.expand(raw, scope);
    if (r.status & MAC_PARSE_ERROR) return { ok: false, why: r.problems[0]?.message ?? expansionFailure(r) };
    return { ok: true, value: r.value };
  } catch (e) {
    // A computed default ($mynetworks from a bad inet_protocols) stops postconf with a fatal error.
    return { ok: false, why: (e as Error).message };
  }
}

/** The value of $name in a scope after expansion; null when nothing defines the name. */
export function expandName(a: ConfigAnalysis, name: string, scope: MasterScope | null): Expansion | null {
  let raw: string | null;
  try {
    raw = a.model.lookup(name, scope);
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
  if (raw === null) return null;
  return expandValue(a, raw, scope);
}

/** "main.cf line 3" (1-based, as editors show lines). */
export function lineLabel(file: 'main.cf' | 'master.cf', line: number): string {
  return `${file} line ${line + 1}`;
}
