// validate(): the one entry point the language server, the command line and the tests share.
// Text in, findings out; no I/O. Certificate checks are added by the caller from files it reads.

import { parseMainCf, type ParsedMainCf } from './config/main-cf';
import { parseMasterCf, type ParsedMasterCf } from './config/master-cf';
import { PostconfModel, type TableConfigFile } from './config/postconf-model';
import type { Installation } from './config/defaults';
import { configRules } from './rules/index';
import type { Rule } from './rules/rule';
import type { Finding, Severity } from './types';
import { FindingSelection, MAX_FINDINGS_PER_CODE } from './rules/finding-limits';

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
  /** A file of the pair the front end did not read (too large to be real): analysed as absent, and said so. */
  unread?: UnreadFile;
}

export interface UnreadFile {
  file: 'main.cf' | 'master.cf';
  /** Its size in bytes, and the most the front end reads. */
  size: number;
  limit: number;
}

export interface ConfigAnalysis {
  main: ParsedMainCf;
  master: ParsedMasterCf | null;
  model: PostconfModel;
  version: string;
  encodings?: { 'main.cf'?: 'utf8' | 'latin1'; 'master.cf'?: 'utf8' | 'latin1' };
  unread?: UnreadFile;
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
  return { main, master, model, version, encodings: options.encodings, ...(options.unread ? { unread: options.unread } : {}) };
}

export function runRules(analysis: ConfigAnalysis, rules: Rule[] = configRules, severities: ValidateOptions['severities'] = {}): Finding[] {
  // Findings are selected as they come, so a rule that yields hundreds of thousands holds few at once.
  const selection = new FindingSelection<Rule>();
  for (const rule of rules) {
    const override = severities?.[rule.code];
    if (override === 'off') continue;
    for (const f of rule.check(analysis)) selection.offer(override ? { ...f, severity: override } : f, rule);
  }
  return selection.listed((fs, rule) => (rule.word ? rule.word(fs, analysis).map((w, i) => ({ ...w, severity: fs[i]!.severity })) : fs));
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
