// validate(): the one entry point the language server, the command line and the tests share.
// Text in, findings out; no I/O. Certificate checks are added by the caller from files it reads,
// and pass through applySeverities() as the configuration's findings do.

import { analyzeConfig, type AnalysisOptions, type ConfigAnalysis } from './analysis';
import { configRules } from './rules/index';
import type { Rule } from './rules/rule';
import type { Finding, Severity } from './types';
import { FindingSelection, MAX_FINDINGS_PER_CODE } from './rules/finding-limits';

export { analyzeConfig, type AnalysisOptions, type ConfigAnalysis, type UnreadFile } from './analysis';

/**
 * Per-code severity overrides, from the postfixLens.severity setting or the command line's
 * --severity; "off" drops the code. Keyed by what the user typed (an object without prototype).
 */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface ValidateOptions extends AnalysisOptions {
  severities?: SeverityOverrides;
}

/**
 * The one place severity overrides are applied: every finding the front ends show, of the
 * configuration rules (runRules) and of the certificate rules alike, passes through here.
 */
export function applySeverities(findings: Iterable<Finding>, severities: SeverityOverrides = {}): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = overrideOf(f.code, severities);
    if (level === 'off') continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  return out;
}

function overrideOf(code: string, severities: SeverityOverrides): Severity | 'off' | undefined {
  return Object.prototype.hasOwnProperty.call(severities, code) ? severities[code] : undefined;
}

export function runRules(analysis: ConfigAnalysis, rules: readonly Rule[] = configRules, severities: SeverityOverrides = {}): Finding[] {
  // Findings are selected as they come, so a rule that yields hundreds of thousands holds few at once.
  // A rule turned off is not run at all.
  const selection = new FindingSelection<Rule>();
  for (const rule of rules) {
    if (overrideOf(rule.code, severities) === 'off') continue;
    for (const f of rule.check(analysis)) selection.offer(f, rule);
  }
  const listed = selection.listed((fs, rule) => (rule.word ? rule.word(fs, analysis).map((w, i) => ({ ...w, severity: fs[i]!.severity })) : fs));
  return applySeverities(listed, severities);
}

/** Findings of one code listed per file; the rest are summed up in one finding (see rules/finding-limits.ts). */
export { MAX_FINDINGS_PER_CODE };

/** Keeps the first MAX_FINDINGS_PER_CODE of each code in each file (in document order) and adds an "and N more" finding where the first one left out was. */
export function capFindings(sorted: Finding[], max = MAX_FINDINGS_PER_CODE): Finding[] {
  if (sorted.length <= max) return sorted;
  const selection = new FindingSelection(max);
  for (const f of sorted) selection.offer(f, undefined);
  return selection.listed();
}

export function validate(mainText: string, masterText: string | null, options: ValidateOptions = {}): Finding[] {
  return runRules(analyzeConfig(mainText, masterText, options), configRules, options.severities);
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      (a.file === 'master.cf' ? 1 : 0) - (b.file === 'master.cf' ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
}
