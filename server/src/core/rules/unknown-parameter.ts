// unknown-parameter: a name=value that Postfix does not use (postconf: "unused parameter"): not a
// parameter of this Postfix version, not derived from a master.cf service, and not referred to as
// $name by any other value. Usually a typo, or a parameter from a newer Postfix.

import type { Finding } from '../types';
import { compareVersions, parameterInfo } from '../catalogue/catalogue';
import type { Rule } from './rule';
import { suggestParameter } from './suggest';
import { nameForMessage } from '../config/quote';

export const unknownParameterRule: Rule = {
  code: 'unknown-parameter',
  severity: 'warning',
  why: 'Postfix ignores a parameter it does not know, so a misspelt name silently leaves the real setting at its default.',
  check(ctx) {
    const out: Finding[] = [];
    const unusedMain = new Set<string>();
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'unused' || !w.name) continue;
      if (w.file === 'main.cf') {
        unusedMain.add(w.name);
        continue;
      }
      if (w.range) out.push(finding(w.name, w.range, 'master.cf', ctx.version, w.service));
    }
    // Every line that sets an unused name gets the finding, not only the one that wins.
    for (const e of ctx.main.entries) {
      if (unusedMain.has(e.name)) out.push(finding(e.name, e.nameRange, 'main.cf', ctx.version));
    }
    return out;
  },
};

function finding(name: string, range: Finding['range'], file: 'main.cf' | 'master.cf', version: string, service?: string): Finding {
  const info = parameterInfo(name);
  let message: string;
  const shown = nameForMessage(name);
  let suggestion: string | undefined;
  if (info && info.since && compareVersions(info.since, version) > 0) {
    message = `${shown} was added in Postfix ${info.since}; Postfix ${version} does not know it and ignores this line.`;
  } else if (info && info.removed) {
    message = `${shown} was removed in Postfix ${info.removed}; Postfix ${version} ignores this line.`;
  } else {
    suggestion = suggestParameter(name, version);
    message =
      `Postfix does not know the parameter ${shown} and ignores this line (postconf: "unused parameter").` +
      (suggestion ? ` Did you mean ${suggestion}?` : '');
  }
  return {
    code: 'unknown-parameter',
    severity: 'warning',
    message,
    range,
    name,
    file,
    ...(service ? { service } : {}),
    ...(suggestion ? { data: { suggestion } } : {}),
  };
}
