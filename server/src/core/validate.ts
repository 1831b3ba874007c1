// validate(): the one entry point the language server, the command line and the tests share.
// Text in, findings out; no I/O. Certificate checks are added by the caller from files it reads.

import { parseMainCf, type ParsedMainCf } from './config/main-cf';
import { parseMasterCf, type ParsedMasterCf } from './config/master-cf';
import { PostconfModel, type TableConfigFile } from './config/postconf-model';
import type { Installation } from './config/defaults';
import { configRules } from './rules/index';
import type { Rule } from './rules/rule';
import type { Finding, Severity } from './types';

export interface ValidateOptions {
  /** The directory main.cf lives in, as Postfix would be told with -c (default /etc/postfix). */
  configDir?: string;
  version?: string;
  installation?: Installation;
  /** Per-code severity overrides; "off" drops the code. */
  severities?: Record<string, Severity | 'off'>;
  /** How the files were decoded (the command line knows; an editor always has text). */
  encodings?: ConfigAnalysis['encodings'];
  /**
   * parseMainCf()/parseMasterCf() of these very texts, to use instead of parsing again (the
   * language server keeps the parse of the file an edit did not touch). Parses are never modified.
   */
  parsed?: { main?: ParsedMainCf; master?: ParsedMasterCf };
  /**
   * Database client configuration files (mysql:/path and friends) read by the caller, by path;
   * those the analysis needs but does not find here are in `model.tableConfigWanted`.
   */
  tableConfigFiles?: ReadonlyMap<string, TableConfigFile>;
}

export interface ConfigAnalysis {
  main: ParsedMainCf;
  master: ParsedMasterCf | null;
  model: PostconfModel;
  version: string;
  encodings?: { 'main.cf'?: 'utf8' | 'latin1'; 'master.cf'?: 'utf8' | 'latin1' };
}

export function analyzeConfig(mainText: string, masterText: string | null, options: ValidateOptions = {}): ConfigAnalysis {
  const version = options.version ?? '3.7';
  const main = options.parsed?.main ?? parseMainCf(mainText);
  const master = masterText === null ? null : (options.parsed?.master ?? parseMasterCf(masterText));
  const model = new PostconfModel(main, master, {
    configDir: options.configDir ?? '/etc/postfix',
    version,
    installation: options.installation,
    tolerant: true,
    tableConfigFiles: options.tableConfigFiles,
  });
  return { main, master, model, version, encodings: options.encodings };
}

export function runRules(analysis: ConfigAnalysis, rules: Rule[] = configRules, severities: ValidateOptions['severities'] = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const override = severities?.[rule.code];
    if (override === 'off') continue;
    for (const f of rule.check(analysis)) out.push(override ? { ...f, severity: override } : f);
  }
  return capFindings(sortFindings(out));
}

/**
 * Findings of one code listed per file; the rest are summed up in one finding. Tens of thousands of
 * them (a generated file, a pasted line) would take an editor seconds to show and hide everything
 * else. Real files stay far below it: the corpus's worst has about 300 unused parameters, all listed.
 */
export const MAX_FINDINGS_PER_CODE = 1000;

/** Keeps the first MAX_FINDINGS_PER_CODE of each code in each file (in document order) and adds an "and N more" finding where the first one left out was. */
export function capFindings(sorted: Finding[], max = MAX_FINDINGS_PER_CODE): Finding[] {
  if (sorted.length <= max) return sorted;
  const counts = new Map<string, number>();
  const omitted = new Map<string, { first: Finding; count: number }>();
  const out: Finding[] = [];
  for (const f of sorted) {
    const key = `${f.file ?? 'main.cf'}\0${f.code}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= max) {
      out.push(f);
      continue;
    }
    const o = omitted.get(key);
    if (o) o.count++;
    else omitted.set(key, { first: f, count: 1 });
  }
  if (omitted.size === 0) return sorted;
  for (const { first, count } of omitted.values()) {
    out.push({
      code: first.code,
      severity: first.severity,
      message: `…and ${count} more ${first.code} finding${count === 1 ? '' : 's'} in ${first.file ?? 'main.cf'} from here on, not listed one by one (postfix-lens lists the first ${max} of each kind).`,
      range: first.range,
      file: first.file ?? 'main.cf',
    });
  }
  return sortFindings(out);
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
