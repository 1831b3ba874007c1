// unknown-parameter: a name=value that Postfix does not use (postconf: "unused parameter"): not a
// parameter of this Postfix version, not derived from a master.cf service, and not referred to as
// $name by any other value. Usually a typo, or a parameter from a newer Postfix.

import type { Finding } from '../types';
import { compareVersions, parameterInfo } from '../catalogue/catalogue';
import type { Rule } from './rule';
import { suggestParameter } from './suggest';
import { suggestedNameFix } from './fix';
import { nameForMessage } from '../config/quote';

export const unknownParameterRule: Rule = {
  code: 'unknown-parameter',
  severity: 'warning',
  why: 'Postfix ignores a parameter it does not know, so a misspelt name silently leaves the real setting at its default.',
  evidence: 'configuration',
  fixes: suggestedNameFix((current, suggestion) => `Change ${current} to ${suggestion}`),
  fixExamples: [
    {
      main: 'smtpd_relay_restrictons = permit_mynetworks, reject_unauth_destination\n',
      at: 'smtpd_relay_restrictons',
      title: 'Change smtpd_relay_restrictons to smtpd_relay_restrictions',
      after: 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n',
    },
  ],
  *check(ctx) {
    const unusedMain = new Set<string>();
    for (const w of ctx.model.warnings) {
      if (w.kind !== 'unused' || !w.name) continue;
      if (w.file === 'main.cf') {
        unusedMain.add(w.name);
        continue;
      }
      const range = w.range;
      if (range) yield finding(w.name, range, 'master.cf', w.service);
    }
    // Every line that sets an unused name gets the finding, not only the one that wins.
    for (const e of ctx.main.entries) {
      if (unusedMain.has(e.name)) yield finding(e.name, e.nameRange, 'main.cf');
    }
  },
  // The did-you-mean search costs about 30 µs a name: only for the findings that are listed (a
  // generated file with 200,000 unknown names spent 15 s on suggestions nobody saw).
  word(findings, ctx) {
    return findings.map((f) => worded(f, ctx.version));
  },
};

function worded(f: Finding, version: string): Finding {
  const name = f.name!;
  const info = parameterInfo(name);
  const shown = nameForMessage(name);
  if (info && info.since && compareVersions(info.since, version) > 0) {
    return { ...f, message: `${shown} was added in Postfix ${info.since}; Postfix ${version} does not know it and ignores this line.` };
  }
  if (info && info.removed) return { ...f, message: `${shown} was removed in Postfix ${info.removed}; Postfix ${version} ignores this line.` };
  const suggestion = suggestParameter(name, version);
  return {
    ...f,
    message: `Postfix does not know the parameter ${shown} and ignores this line (postconf: "unused parameter").` + (suggestion ? ` Did you mean ${suggestion}?` : ''),
    ...(suggestion ? { data: { suggestion } } : {}),
  };
}

function finding(name: string, range: Finding['range'], file: 'main.cf' | 'master.cf', service?: string): Finding {
  return {
    code: 'unknown-parameter',
    severity: 'warning',
    message: 'Postfix does not know this parameter and ignores this line (postconf: "unused parameter").',
    range,
    name,
    file,
    ...(service ? { service } : {}),
  };
}
