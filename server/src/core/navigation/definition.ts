// Where the value of a $name comes from in a scope, the way Postfix looks it up: the service's
// read-only process_name/service_name, the service's -o, main.cf, then the built-in default.
// And the master.cf -o lines that override a main.cf setting, service by service.

import type { MasterScope } from '../config/postconf-model';
import type { Override } from '../config/master-cf';
import type { Range } from '../types';
import type { ConfigAnalysis } from '../analysis';
import type { ConfigFile } from './at-position';

export interface ConfigLocation {
  file: ConfigFile;
  range: Range;
}

export type DefinitionSource = 'service' | 'override' | 'main.cf' | 'default' | 'undefined';

export interface Definition {
  name: string;
  source: DefinitionSource;
  /** The raw value in effect in the scope (before expansion); null when nothing defines the name. */
  value: string | null;
  /** The text that defines it (the name of the main.cf line or of the -o; the service field). Empty for defaults. */
  location?: ConfigLocation;
}

export function definitionOf(a: ConfigAnalysis, name: string, scope: MasterScope | null): Definition {
  if (scope) {
    const ro = scope.ro.get(name);
    if (ro !== undefined) {
      // process_name comes from the command field, service_name from the service field.
      const field = name === 'process_name' ? scope.service.fields[7]! : scope.service.fields[0]!;
      return { name, source: 'service', value: ro, location: { file: 'master.cf', range: field.range } };
    }
    const p = scope.params?.get(name);
    if (p !== undefined) {
      const o = scope.overrideOf.get(name);
      return { name, source: 'override', value: p, ...(o ? { location: { file: 'master.cf' as const, range: o.nameRange } } : {}) };
    }
  }
  const v = a.model.dict.get(name);
  if (v !== undefined) {
    const e = a.model.entryOf.get(name);
    return { name, source: 'main.cf', value: v, ...(e ? { location: { file: 'main.cf' as const, range: e.nameRange } } : {}) };
  }
  if (a.model.isKnown(name)) return { name, source: 'default', value: a.model.defaultValue(name) };
  return { name, source: 'undefined', value: null };
}

export interface ServiceOverride {
  /** "service/type". */
  service: string;
  scope: MasterScope;
  override: Override;
}

/** The master.cf services whose effective -o sets `name` (one entry per service line). */
export function overridesOf(a: ConfigAnalysis, name: string): ServiceOverride[] {
  const out: ServiceOverride[] = [];
  for (const scope of a.model.scopes) {
    if (!scope.params?.has(name)) continue;
    // Only the service line that writes the -o (services sharing service/type share the value).
    const own = [...scope.service.overrides].reverse().find((o) => o.name === name);
    const effective = scope.overrideOf.get(name);
    if (own && effective === own) out.push({ service: scope.service.id, scope, override: own });
  }
  return out;
}
