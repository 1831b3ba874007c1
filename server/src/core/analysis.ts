// The analysis of a main.cf/master.cf pair: the parses and postconf's model of them. Every rule,
// hover, completion and quick fix reads this one shape; this module imports no rule and no feature
// (they import it), so the layers have no cycle (test/core/import-cycles.test.ts).

import { parseMainCf, type ParsedMainCf } from './config/main-cf';
import { parseMasterCf, type ParsedMasterCf } from './config/master-cf';
import { PostconfModel, type TableConfigFile } from './config/postconf-model';
import type { Installation } from './config/defaults';
import { policyTableSources } from './config/policy-table-sources';
import type { PathFacts } from './config/path-facts';

export interface AnalysisOptions {
  /** The directory main.cf lives in, as Postfix would be told with -c (default /etc/postfix). */
  configDir?: string;
  version?: string;
  installation?: Installation;
  /** How the files were decoded (the command line knows; an editor always has text). */
  encodings?: ConfigAnalysis['encodings'];
  /**
   * parseMainCf()/parseMasterCf() of these very texts, to use instead of parsing again (the
   * language server keeps the parse of the file an edit did not touch). Parses are never modified.
   */
  parsed?: { main?: ParsedMainCf; master?: ParsedMasterCf };
  /**
   * Database client configuration files (mysql:/path and friends) and the text sources of file TLS
   * policy tables (config/policy-table-sources.ts) read by the caller, by path; those the analysis
   * needs but does not find here are in `model.tableConfigWanted`.
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
  /** Postfix version whose parameter set applies ("3.7"). */
  version: string;
  /** How each file was decoded: latin1 means it was not valid UTF-8. */
  encodings?: { 'main.cf'?: 'utf8' | 'latin1'; 'master.cf'?: 'utf8' | 'latin1' };
  /** A file of the pair the front end did not read because of its size. */
  unread?: UnreadFile;
  /**
   * What the paths the rules ask about are on this machine (io/path-facts.ts adds them; absent in
   * an untrusted workspace and wherever nobody looked: the rules that need them then say nothing).
   */
  pathFacts?: PathFacts;
}

export function analyzeConfig(mainText: string, masterText: string | null, options: AnalysisOptions = {}): ConfigAnalysis {
  const version = options.version ?? '3.7';
  const main = options.parsed?.main ?? parseMainCf(mainText);
  const master = masterText === null ? null : (options.parsed?.master ?? parseMasterCf(masterText));
  const model = new PostconfModel(main, master, {
    configDir: options.configDir ?? '/etc/postfix',
    version,
    installation: options.installation,
    // Checking and editing go on past what makes postconf stop; `model.fatal` still says where it would.
    continueAfterFatal: true,
    tableConfigFiles: options.tableConfigFiles,
  });
  const files = options.tableConfigFiles;
  if (files) for (const p of policyTableSources(model)) (files.has(p) ? model.tableConfigUsed : model.tableConfigWanted).add(p);
  return { main, master, model, version, encodings: options.encodings, ...(options.unread ? { unread: options.unread } : {}) };
}

/**
 * The master.cf services ("service/type") with a malformed -o: their daemon refuses to start
 * (malformed-override says so), and what they would do once fixed is not known, so rules that judge
 * a service's behaviour leave them out.
 */
export function servicesThatDoNotStart(a: ConfigAnalysis): Set<string | undefined> {
  return new Set((a.master?.findings ?? []).filter((f) => f.code === 'malformed-override' && f.severity === 'error').map((f) => f.service));
}
