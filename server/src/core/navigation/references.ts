// Every place a parameter is used as $name (any form: $name, ${name}, $(name), inside ${a?{…}}) in
// main.cf values and master.cf -o values, and every place it is set (main.cf lines, -o). Ranges cover
// the name only, without "$" or braces. Values of raw parameters are not expanded by Postfix, so a
// "$name" in them is no reference.

import type { ConfigAnalysis } from '../analysis';
import { mainSetting, overrideSetting, referencesIn, scopeOf, type Setting } from './at-position';
import type { ConfigLocation } from './definition';

function* settings(a: ConfigAnalysis): Generator<Setting> {
  for (const e of a.main.entries) yield mainSetting(e);
  for (const s of a.master?.services ?? []) {
    const scope = scopeOf(a, s);
    for (const o of s.overrides) yield overrideSetting(o, s, scope);
  }
}

/** The $name uses, main.cf first, in file order. */
export function referencesTo(a: ConfigAnalysis, name: string): ConfigLocation[] {
  const out: ConfigLocation[] = [];
  for (const s of settings(a)) {
    // Cheap test first: a value that does not contain the name cannot refer to it.
    if (s.value.indexOf(name) === -1) continue;
    for (const r of referencesIn(a, s.name, s.value)) {
      if (r.name === name) out.push({ file: s.file, range: s.toRange(r.start, r.end) });
    }
  }
  return out;
}

/** The names of every main.cf line and -o that sets the parameter (duplicates included), in file order. */
export function declarationsOf(a: ConfigAnalysis, name: string): ConfigLocation[] {
  const out: ConfigLocation[] = [];
  for (const s of settings(a)) if (s.name === name) out.push({ file: s.file, range: s.nameRange });
  return out;
}
