// Which main.cf and master.cf belong together (the same directory), their current text (the open
// document, else the file on disk), and the analysis of the pair, computed once per pair of versions.

import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeConfig, applySeverities, runRules, type ConfigAnalysis, type UnreadFile, type ValidateOptions } from '../core/validate';
import { configRules } from '../core/rules/index';
import type { Finding } from '../core/types';
import type { Installation } from '../core/config/defaults';
import { ConfigFileCache } from '../io/config-file';
import { tableConfigPaths, withTableConfigFiles } from '../io/table-config-files';
import { withPathFacts } from '../io/path-facts';
import { certificateTargetsOf, checkCertificates, CertificateCache, type CertificateCheckResult, type CertificateTargets } from '../io/certificate-checks';
import type { Settings } from './settings';
import { LineIndex } from '../core/config/logical-lines';
import { positionMap, type PositionMap } from './positions';

export type ConfigKind = 'main' | 'master';

/**
 * The largest sibling file read from disk (the master.cf beside an open main.cf, or the reverse).
 * Real ones are a few KiB: the largest master.cf of the 40 in the real-world corpus is 10 KB, the
 * largest main.cf of 120 is 41 KB. A generated one of 4 MB took the server to 768 MiB and seconds per
 * edit, for a file nobody opened: it is left unread, with a finding (config-file-too-large). An open
 * document is always analysed, whatever its size.
 */
export const SIBLING_SIZE_LIMIT = 1024 * 1024;

export function kindOf(doc: { uri: string; languageId?: string }): ConfigKind | null {
  if (doc.languageId === 'postfix-main-cf') return 'main';
  if (doc.languageId === 'postfix-master-cf') return 'master';
  const base = path.posix.basename(URI.parse(doc.uri).path);
  if (base === 'main.cf' || base === 'main.cf.proto') return 'main';
  if (base === 'master.cf' || base === 'master.cf.proto') return 'master';
  return null;
}

/** The map between core and editor positions for one file of an analysed pair. */
export function positionsOf(r: PairResult, file: 'main.cf' | 'master.cf'): PositionMap {
  const index = file === 'main.cf' ? r.analysis.main.index : r.analysis.master?.index;
  return index ? positionMap(index) : positionMap(EMPTY);
}

const EMPTY = new LineIndex('');

export interface PairResult {
  dir: string;
  mainUri: string;
  masterUri: string;
  analysis: ConfigAnalysis;
  findings: Finding[];
}

type Pair = { dir: string; mainUri: string; masterUri: string; kind: ConfigKind };

export class ConfigWorkspace {
  /** Per pair (its main.cf URI): the last analysis, its key, and the texts it was made from. */
  private cache = new Map<string, { key: string; result: PairResult; mainText: string; masterText: string | null }>();
  /** pairOf() per kind and URI: parsing and rebuilding URIs on every edit costs more than the lookup. */
  private pairs = new Map<string, Pair>();
  /** Sibling files not open in the editor, read again only when they change on disk. */
  private readonly files = new ConfigFileCache();
  /** Per pair: the database client configuration files its last analysis used or wanted. */
  private readonly tablePaths = new Map<string, string[]>();
  /** The settings as part of the analysis key, serialised once per settings object. */
  private settingsKey: { settings: Settings; key: string } | undefined;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: () => Settings,
    private readonly installation: () => Installation,
    /** Paths on this machine (the SASL back ends) are looked at only in a trusted workspace. */
    private readonly trusted: () => boolean = () => true,
  ) {}

  /** The pair a document belongs to. The sibling of an untitled or non-file document is empty. */
  pairOf(uri: string): Pair | null {
    const doc = this.documents.get(uri);
    const kind = doc ? kindOf(doc) : kindOf({ uri });
    if (!kind) return null;
    const memo = `${kind}\0${uri}`;
    let pair = this.pairs.get(memo);
    if (!pair) {
      if (this.pairs.size >= 256) this.pairs.clear();
      pair = this.computePair(uri, kind);
      this.pairs.set(memo, pair);
    }
    return pair;
  }

  private computePair(uri: string, kind: ConfigKind): Pair {
    const u = URI.parse(uri);
    const dirPath = path.posix.dirname(u.path);
    const sibling = (name: string) => u.with({ path: path.posix.join(dirPath, name) }).toString();
    const mainUri = kind === 'main' ? uri : sibling('main.cf');
    const masterUri = kind === 'master' ? uri : sibling('master.cf');
    return { dir: u.scheme === 'file' ? u.fsPath.replace(/\/[^/]*$/, '') || '/' : dirPath, mainUri, masterUri, kind };
  }

  /** A file's current text: the open document, else the file on disk (`tooLarge`: its size, not read). */
  private text(uri: string): { text: string | null; version: string; tooLarge?: number } {
    const doc = this.documents.get(uri);
    if (doc) return { text: doc.getText(), version: `v${doc.version}` };
    const u = URI.parse(uri);
    if (u.scheme !== 'file') return { text: null, version: 'none' };
    const r = this.files.read(u.fsPath, SIBLING_SIZE_LIMIT);
    if (r.ok) return { text: r.text, version: `disk${r.mtimeMs}:${r.size}` };
    return r.tooLarge ? { text: null, version: `large${r.tooLarge.mtimeMs}:${r.tooLarge.size}`, tooLarge: r.tooLarge.size } : { text: null, version: 'missing' };
  }

  /** The file of the pair left unread for its size, for the analysis to say so. */
  private static unread(main: { tooLarge?: number }, master: { tooLarge?: number }): UnreadFile | undefined {
    if (main.tooLarge !== undefined) return { file: 'main.cf', size: main.tooLarge, limit: SIBLING_SIZE_LIMIT };
    if (master.tooLarge !== undefined) return { file: 'master.cf', size: master.tooLarge, limit: SIBLING_SIZE_LIMIT };
    return undefined;
  }

  analyze(uri: string): PairResult | null {
    const pair = this.pairOf(uri);
    if (!pair) return null;
    const main = this.text(pair.mainUri);
    const master = this.text(pair.masterUri);
    const s = this.settings();
    if (this.settingsKey?.settings !== s) this.settingsKey = { settings: s, key: JSON.stringify(s) };
    const key = `${main.version}|${master.version}|${this.settingsKey.key}`;
    const hit = this.cachedResult(pair.mainUri, key);
    if (hit) return hit;
    const mainText = main.text ?? '';
    const result = this.compute(pair, mainText, master.text, ConfigWorkspace.unread(main, master), this.takeParses(pair.mainUri, mainText, master.text));
    this.cache.set(pair.mainUri, { key, result, mainText, masterText: master.text });
    return result;
  }

  /** How many analyses this workspace has computed (the timing notification reports it). */
  analyses = 0;

  private compute(pair: Pair, mainText: string, masterText: string | null, unread: UnreadFile | undefined, parsed?: ValidateOptions['parsed']): PairResult {
    this.analyses++;
    const s = this.settings();
    const installation = this.installation();
    const version = s.postfixVersion || installation.version || '3.7';
    // The database client configuration files the pair's last analysis needed are read up front,
    // so an edit analyses once; a newly named file makes it analyse twice.
    const analyzed = withTableConfigFiles(
      (tableConfigFiles) => analyzeConfig(mainText, masterText, { configDir: pair.dir, version, installation, parsed, tableConfigFiles, unread }),
      { known: this.tablePaths.get(pair.mainUri), read: (p) => this.files.read(p) },
    );
    const analysis = this.trusted() ? withPathFacts(analyzed) : analyzed;
    if (this.tablePaths.size >= 256) this.tablePaths.clear();
    this.tablePaths.set(pair.mainUri, tableConfigPaths(analysis.model));
    const findings = runRules(analysis, configRules, s.severity);
    return { dir: pair.dir, mainUri: pair.mainUri, masterUri: pair.masterUri, analysis, findings };
  }

  private cachedResult(mainUri: string, key: string): PairResult | undefined {
    const last = this.cache.get(mainUri);
    return last?.key === key ? last.result : undefined;
  }

  /**
   * The parses of the pair's last analysis that fit these texts (an edit changes one file of the
   * pair: the other's parse is used again), and that analysis let go: for a large file, the old
   * one and the new one at once would double the server's peak memory.
   */
  private takeParses(mainUri: string, mainText: string, masterText: string | null): ValidateOptions['parsed'] {
    const last = this.cache.get(mainUri);
    if (!last) return undefined;
    this.cache.delete(mainUri);
    return {
      main: last.mainText === mainText ? last.result.analysis.main : undefined,
      master: masterText !== null && last.masterText === masterText ? (last.result.analysis.master ?? undefined) : undefined,
    };
  }

  /**
   * For editor features: the pair's analysis (it goes on past what makes postconf stop, so a line
   * being typed does not empty it),
   * which of the two files the document is, the document's text as it is (LineIndex), and the map
   * between the core's positions and the editor's (they differ when the text has a lone "\r").
   */
  documentAnalysis(uri: string): { result: PairResult; file: 'main.cf' | 'master.cf'; index: LineIndex; positions: PositionMap } | null {
    const pair = this.pairOf(uri);
    const result = pair && this.analyze(uri);
    if (!pair || !result) return null;
    const file = pair.kind === 'main' ? 'main.cf' : 'master.cf';
    const index = file === 'main.cf' ? result.analysis.main.index : (result.analysis.master?.index ?? new LineIndex(''));
    return { result, file, index, positions: positionMap(index) };
  }

  forget(): void {
    this.cache.clear();
    this.files.clear();
  }

  /** A document was closed: its pair's analysis is dropped once neither file of the pair is open. */
  closed(uri: string): void {
    for (const [mainUri, { result }] of this.cache) {
      if ((mainUri === uri || result.masterUri === uri) && !this.documents.get(mainUri) && !this.documents.get(result.masterUri)) this.cache.delete(mainUri);
    }
  }

  /** How many pairs have an analysis kept (for tests and logs). */
  analysedPairs(): number {
    return this.cache.size;
  }

  /** Which certificate files the pair names, for the configured host names (computed once per analysis). */
  certificateTargets(r: PairResult): CertificateTargets {
    return certificateTargetsOf(r.analysis, this.settings().hostnames);
  }

  /** Shared by every document: a certificate file is read again only when it changed on disk. */
  readonly certificates = new CertificateCache();

  /**
   * The certificate checks of the pair: findings and, per target, the report (hover shows it).
   * Files are read through the shared cache, so a second call reads nothing unchanged again.
   */
  async certificateChecks(r: PairResult): Promise<CertificateCheckResult> {
    // Diagnostics, the status bar and a hover ask at about the same time: one check answers them all.
    const s = this.settings();
    const flight = this.checking.get(r);
    if (flight && flight.settings === s) return flight.result;
    const result = this.checkNow(r, s).finally(() => {
      if (this.checking.get(r)?.result === result) this.checking.delete(r);
    });
    this.checking.set(r, { settings: s, result });
    return result;
  }

  /** Certificate checks under way, per analysis. */
  private readonly checking = new WeakMap<PairResult, { settings: Settings; result: Promise<CertificateCheckResult> }>();

  /**
   * The PEM text of postfixLens.extraCaFile, read through the certificate cache (bounded, regular
   * files only, watched by file-watch.ts); undefined when unset or unreadable. The certificate
   * checks, the probe and the DNS check's MTA-STS policy fetch all trust it.
   */
  async extraCaPem(s: Settings = this.settings()): Promise<string | undefined> {
    if (!s.extraCaFile) return undefined;
    const ca = await this.certificates.read(s.extraCaFile);
    return ca.ok ? Buffer.from(ca.bytes).toString('latin1') : undefined;
  }

  private async checkNow(r: PairResult, s: Settings): Promise<CertificateCheckResult> {
    const pem = await this.extraCaPem(s);
    const extraCa = pem === undefined ? [] : [pem];
    return checkCertificates(r.analysis, {
      targets: this.certificateTargets(r),
      hostnames: s.hostnames,
      extraCa,
      now: new Date(),
      expiryWarningDays: s.expiryWarningDays,
      cache: this.certificates,
    });
  }

  /** Findings about the certificate files the pair names (severity settings applied); `checks` when the caller has them. */
  async certificateFindings(r: PairResult, checks?: CertificateCheckResult): Promise<Finding[]> {
    const { findings } = checks ?? (await this.certificateChecks(r));
    return applySeverities(findings, this.settings().severity);
  }
}
