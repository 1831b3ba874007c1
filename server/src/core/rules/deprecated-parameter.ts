// deprecated-parameter: a parameter that Postfix has replaced. It may still work today, but newer
// Postfix versions warn about it or drop it, and its successor often behaves better. Only what is
// obsolete in the target version: a parameter that a later release makes obsolete is the right
// setting for this one (check with --postfix-version of the new release before upgrading).

import type { Finding } from '../types';
import { deprecationIn, parameterInfo } from '../catalogue/catalogue';
import type { Rule } from './rule';
import { settingAt, str, textAt, type Fixes } from './fix';

export const deprecatedParameterRule: Rule = {
  code: 'deprecated-parameter',
  severity: 'warning',
  why: 'Obsolete parameters keep working only for a while; their replacements are what current Postfix documents and tests.',
  evidence: 'configuration',
  fixes: (a, f) => deprecatedFix(a, f),
  fixExamples: [
    { main: 'smtpd_per_record_deadline = yes\n', at: 'smtpd_per_record_deadline', title: 'Replace smtpd_per_record_deadline with smtpd_per_request_deadline', after: 'smtpd_per_request_deadline = yes\n' },
    { main: 'smtpd_use_tls = yes\n', at: 'smtpd_use_tls', title: 'Replace with smtpd_tls_security_level = may', after: 'smtpd_tls_security_level = may\n' },
    {
      main: '',
      master: 'smtp inet n - y - - smtpd\n  -o smtpd_use_tls=yes\n',
      file: 'master.cf',
      at: 'smtpd_use_tls',
      title: 'Replace with smtpd_tls_security_level = may',
      after: 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n',
    },
  ],
  check(ctx) {
    const out: Finding[] = [];
    // The setting's name range is worked out only for a finding (a large file has thousands of settings).
    const report = (name: string, at: { nameRange: Finding['range'] }, file: 'main.cf' | 'master.cf', service?: string) => {
      const info = parameterInfo(name);
      const dep = info && deprecationIn(info, ctx.version);
      if (!dep) return;
      const parts = [`${name} is obsolete${dep.since ? ` since Postfix ${dep.since}` : ''}`];
      if (dep.replacement) parts.push(`use ${dep.replacement} instead`);
      out.push({
        code: 'deprecated-parameter',
        severity: 'warning',
        message: parts.join(': ') + '.' + (dep.note ? ` ${dep.note}` : ''),
        range: at.nameRange,
        name,
        file,
        ...(service ? { service } : {}),
        ...(dep.replacement ? { data: { replacement: dep.replacement } } : {}),
      });
    };
    for (const e of ctx.main.entries) report(e.name, e, 'main.cf');
    for (const s of ctx.master?.services ?? []) for (const o of s.overrides) report(o.name, o, 'master.cf', s.id);
    return out;
  },
};

/** What an obsolete yes/no setting means in its successor's terms, or undefined. */
function mappedValue(name: string, replacement: string, value: string): string | undefined {
  const v = value.toLowerCase();
  if (replacement.endsWith('_security_level')) {
    if (name.endsWith('_use_tls')) return v === 'yes' ? 'may' : v === 'no' ? 'none' : undefined;
    if (name.endsWith('_enforce_tls')) return v === 'yes' ? 'encrypt' : undefined;
  }
  if (name === 'disable_dns_lookups') return v === 'yes' ? 'disabled' : v === 'no' ? 'enabled' : undefined;
  if (name === 'sun_mailtool_compatibility') return v === 'yes' ? 'dotlock' : undefined;
  return undefined;
}

/** A renamed parameter is renamed; an obsolete yes/no becomes what it meant. Preferred unless the successor would then be set twice. */
const deprecatedFix: Fixes = (a, f) => {
  const replacement = str(f.data?.replacement);
  const s = settingAt(a, f.file, f.range);
  if (!replacement || !s || textAt(a, f.file, f.range) !== s.name) return [];
  const dep = parameterInfo(s.name)?.deprecated;
  // Would the successor then be set twice (already set, or another obsolete line maps to it)?
  const clash =
    f.file === 'main.cf'
      ? a.main.entries.some((e) => e.name === replacement || (e.name !== s.name && parameterInfo(e.name)?.deprecated?.replacement === replacement))
      : (s.scope?.service.overrides ?? []).some((o) => o.name === replacement || (o.name !== s.name && parameterInfo(o.name)?.deprecated?.replacement === replacement));
  if (dep?.note?.startsWith('Renamed')) {
    return [{ title: `Replace ${s.name} with ${replacement}`, isPreferred: !clash, edits: [{ file: f.file, range: s.nameRange, newText: replacement }] }];
  }
  const value = mappedValue(s.name, replacement, s.value);
  if (value === undefined) return [];
  const range = { start: s.nameRange.start, end: s.valueRange.end };
  const newText = f.file === 'main.cf' ? `${replacement} = ${value}` : `${replacement}=${value}`;
  return [{ title: `Replace with ${replacement} = ${value}`, isPreferred: !clash, edits: [{ file: f.file, range, newText }] }];
};
