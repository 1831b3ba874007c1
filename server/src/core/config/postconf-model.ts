// The configuration as postconf sees it: main.cf's name=value dictionary, the table of "valid"
// parameter names (built-in, per-service from master.cf, user-defined ones that a $name refers to,
// legacy and database-client ones), master.cf's per-service -o name spaces, and the lookup that
// $name expansion uses. Built in the same order as Postfix 3.7's postconf, because the order decides
// which names count as known. Also records, with ranges, what postconf warns about: overridden
// entries, undefined $names, unused parameters, read-only assignments.

import { isAvailableIn, allParameters, parameterInfo, serviceParameterSuffixes, dbmsParameterSuffixes } from '../catalogue/catalogue';
import type { Range } from '../types';
import { expandMacros, MAC_PARSE_ERROR, type ExpandResult, type MacroProblem, type MemoEntry } from './macro';
import { parseMainCf, type MainEntry, type ParsedMainCf, type ReaderWarning } from './main-cf';
import type { MasterService, Override, ParsedMasterCf } from './master-cf';
import { logicalRange } from './logical-lines';
import { staticDefault, type Installation } from './defaults';
import { computeMynetworks, ownAddresses } from './mynetworks';
import { balancedBraceLength, bracedWords, splitBracedWords } from './c-string';
import { ParamTable, type DerivedSuffix, type ParamNode } from './param-table';

export const FLAG_RAW = 1;
export const FLAG_BUILTIN = 2;
export const FLAG_SERVICE = 4;
export const FLAG_USER = 8;
export const FLAG_LEGACY = 16;
export const FLAG_READONLY = 32;
export const FLAG_DBMS = 64;
export const MASK_CLASS = FLAG_BUILTIN | FLAG_SERVICE | FLAG_USER;

export type { ParamNode } from './param-table';

export interface MasterScope {
  service: MasterService;
  /** process_name, service_name: read-only per-service values. */
  ro: Map<string, string>;
  /** -o name=value, later wins; shared by services with the same service/type. Null without -o. */
  params: OverrideValues | null;
  /** The Override (with ranges) that supplies each effective -o value. */
  overrideOf: Map<string, Override>;
  valid: Set<string>;
}

/**
 * duplicate, undefined, unused, readonly: postconf's warnings about names; macro: a $-expression
 * postconf cannot parse or expand; reader: what readllines() and the master.cf reader say
 * (whitespace, braces); brace: a {...} in a value that postconf scans for database tables; open:
 * master.cf cannot be opened; table: a database client configuration file (see TableConfigNote).
 */
export type WarningKind = 'duplicate' | 'undefined' | 'unused' | 'readonly' | 'macro' | 'reader' | 'brace' | 'open' | 'table';

export interface PostconfWarning {
  kind: WarningKind;
  /** The text postconf prints after "postconf: warning: ". */
  text: string;
  name?: string;
  file?: 'main.cf' | 'master.cf';
  range?: Range;
  /** For duplicates: the overridden earlier entry and the one that overrides it. */
  earlier?: MainEntry;
  later?: MainEntry;
  service?: string;
  problem?: MacroProblem;
  /** For undefined names listed in smtpd_restriction_classes rather than written as $name. */
  restrictionClass?: boolean;
  /**
   * postconf visits main.cf, each master.cf service's -o settings and the parameter defaults in the
   * order of a hash table that is seeded at random per run: `walk` names the walk ("main.cf",
   * "defaults", "master.cf N") and `entry` the name being visited when the warning was made.
   * Warnings without `walk` come in a fixed order.
   */
  walk?: string;
  entry?: string;
  /** For kind "table": which file and what about it. */
  table?: TableConfigNote;
  /** Noted for `check` only: postconf prints nothing for it (a file it may not read, a fatal error). */
  silent?: boolean;
}

/** A database client configuration file (mysql:/etc/postfix/x.cf) as postconf reads it. */
export type TableConfigFile =
  /** The file's text, decoded as the caller decodes main.cf. */
  | { ok: true; text: string }
  /**
   * It could not be read: `code` is the errno name ("ENOENT", "EACCES", ...) or "not-regular";
   * `message` is the C library's text for it ("No such file or directory").
   */
  | { ok: false; code: string; message: string };

export interface TableConfigNote {
  /** The table type (mysql, pgsql, ldap, sqlite, memcache) and the file as the value names it. */
  type: string;
  path: string;
  problem: 'missing' | 'unreadable' | 'not-regular' | 'error' | 'unused' | 'duplicate' | 'whitespace' | 'syntax';
  /** unused, duplicate: the name set in the file, its value, and the 1-based line. */
  param?: string;
  value?: string;
  line?: number;
}

export interface ModelOptions {
  /** The directory as given to -c (or /etc/postfix): becomes config_directory and prefixes messages. */
  configDir: string;
  /** Which Postfix's parameter set to use ("3.7" is exact). */
  version: string;
  installation?: Installation;
  pid?: number;
  /** postconf -d: main.cf is not read and no user-defined names are registered. */
  defaultsOnly?: boolean;
  /** postconf -P: master.cf is read before main.cf (and a missing one is fatal). */
  masterFirst?: boolean;
  /** main.cf could not be read: postconf's fatal message ("open DIR/main.cf: No such file or directory"). */
  mainError?: string;
  /** master.cf could not be opened (master is null): the C library's text ("No such file or directory"). */
  masterOpenError?: string;
  /**
   * Database client configuration files, by path, as read by the caller. A file the model needs
   * that is not here is listed in `tableConfigWanted` (read it and build the model again); without
   * this map the files are not looked at.
   */
  tableConfigFiles?: ReadonlyMap<string, TableConfigFile>;
  /**
   * Go on past what makes postconf stop (a line without "=", a bad master.cf field, a value that
   * cannot be expanded), for checking and editing: `fatal` still says what postconf would do.
   * The postconf command leaves this off and gets postconf's behaviour.
   */
  continueAfterFatal?: boolean;
}

export class Fatal extends Error {}

/** A value as written in a file: offsets in it to ranges, and its whole range. */
interface ValuePositions {
  file: 'main.cf' | 'master.cf';
  toRange: (a: number, b: number) => Range;
  whole: () => Range;
}

/** Thrown where postconf stops; a model that continues after it records it and carries on without that part. */

export class PostconfModel {
  readonly dict = new Map<string, string>();
  /** The main.cf entry that supplies each effective value (config_directory from -c has none). */
  readonly entryOf = new Map<string, MainEntry>();
  /** The valid names: the version's built-in table (shared, never changed) and this model's own. */
  readonly table: ParamTable;
  readonly scopes: MasterScope[] = [];
  readonly warnings: PostconfWarning[] = [];
  /** Set when postconf would stop with "fatal: ..." while building (before printing anything). */
  fatal?: string;
  /** The walk and entry postconf was visiting when it stopped (see PostconfWarning.walk). */
  fatalAt?: { walk: string; entry: string };
  /**
   * Every place postconf would stop, in order: the first is `fatal`; a model with continueAfterFatal goes on and
   * finds the others. `warningCount`: how many warnings were made before it.
   */
  readonly stops: { message: string; warningCount: number; walk?: string; entry?: string }[] = [];
  /**
   * Database client configuration files the model needed but `tableConfigFiles` did not have (and
   * the TLS policy table sources analyzeConfig adds for the rules).
   */
  readonly tableConfigWanted = new Set<string>();
  /** Those it found in `tableConfigFiles` and used. */
  readonly tableConfigUsed = new Set<string>();
  /** The walk being made and the entry visited, for the warnings made meanwhile. */
  private visiting?: { walk: string; entry: string };
  /** "type:path" of the database client configuration files already visited (postconf reads each once). */
  private readonly tablesSeen = new Set<string>();
  private readonly restClasses = new Set<string>();
  /** Every name some master.cf service sets with -o (to skip the per-service search for the rest). */
  private readonly masterNames = new Set<string>();
  private hostnameCache?: string;
  private domainCache?: string;

  constructor(
    readonly main: ParsedMainCf,
    readonly master: ParsedMasterCf | null,
    readonly options: ModelOptions,
  ) {
    this.table = new ParamTable(builtinTable(options.version));
    try {
      // postconf -P reads master.cf first; otherwise main.cf (unless -d), then master.cf.
      if (options.masterFirst) this.readMaster();
      if (options.defaultsOnly) this.dict.set('config_directory', options.configDir);
      else this.readMain();
      if (!options.masterFirst) this.readMaster();
      this.registerServiceParameters();
      if (!options.defaultsOnly) {
        this.registerUserParameters();
        this.flagUnused();
      }
    } catch (e) {
      if (e instanceof Fatal) this.fatal = e.message;
      else throw e;
    }
  }

  /** Where postconf would stop: throw (postconf's behaviour), or remember it and go on (continueAfterFatal). */
  private stop(message: string): void {
    if (this.fatal === undefined && this.visiting) this.fatalAt = { ...this.visiting };
    this.stops.push({ message, warningCount: this.warnings.length, ...this.visiting });
    if (!this.options.continueAfterFatal) throw new Fatal(message);
    this.fatal ??= message;
  }

  /** Records a warning postconf prints, with the walk and entry being visited. */
  private warn(w: PostconfWarning): void {
    // Set on the warning itself, not copied: a warning that makes its text and range when read
    // (UndefinedWarning, DuplicateWarning) must stay lazy.
    if (this.visiting) {
      w.walk = this.visiting.walk;
      w.entry = this.visiting.entry;
    }
    this.warnings.push(w);
  }

  /** An expansion failed: postconf prints its warnings, then stops with `fatal`. */
  private failExpansion(r: ExpandResult, fatal: string, where?: ValuePositions, scope?: MasterScope | null) {
    for (const p of r.problems) {
      this.warn({
        kind: 'macro',
        text: p.message,
        file: where?.file,
        // A comparison with a bad level in a value looked up on the way: the whole value it was met in.
        range: !where ? undefined : p.at !== undefined ? where.toRange(p.at, p.at + 1) : p.kind === 'compat-level' ? where.whole() : undefined,
        service: scope?.service.id,
        problem: p,
      });
    }
    this.stop(fatal);
  }

  private get mainPath() {
    return `${this.options.configDir}/main.cf`;
  }

  private readMain() {
    if (this.options.mainError !== undefined) {
      this.stop(this.options.mainError);
      return;
    }
    this.dict.set('config_directory', this.options.configDir);
    const fatal = this.main.fatal;
    this.loadEntries(this.main, fatal ? fatal.line - 1 : Infinity, (e, old) => this.warn(new DuplicateWarning(this.mainPath, old, this.entryOf.get(e.name), e)), (w) => this.warn({ kind: 'reader', text: w.text, file: 'main.cf' }), this.dict, this.entryOf);
    if (fatal) this.stop(fatal.message.replace(/^main\.cf/, this.mainPath));
  }

  /**
   * dict_load_fp(): the entries of a file in order, with readllines()' warnings where they come,
   * up to the logical line (0-based first line) where the file's fatal error is.
   */
  private loadEntries(
    parsed: ParsedMainCf,
    stopLine: number,
    onOverride: (e: MainEntry, old: string) => void,
    onReaderWarning: (w: ReaderWarning) => void,
    into: Map<string, string>,
    entryOf?: Map<string, MainEntry>,
  ) {
    const ws = parsed.warnings;
    let k = 0;
    for (const e of parsed.entries) {
      const line = e.logical.firstLine;
      if (line >= stopLine) break;
      while (k < ws.length && ws[k].line < line) onReaderWarning(ws[k++]);
      const old = into.get(e.name);
      if (old !== undefined && old !== e.value) onOverride(e, old);
      into.set(e.name, e.value);
      entryOf?.set(e.name, e);
    }
    while (k < ws.length && ws[k].line < stopLine) onReaderWarning(ws[k++]);
  }

  private readMaster() {
    const m = this.master;
    if (!m) {
      const error = this.options.masterOpenError;
      if (error === undefined) return;
      const message = `open ${this.options.configDir}/master.cf: ${error}`;
      if (this.options.masterFirst) this.stop(message);
      else this.warn({ kind: 'open', text: message, file: 'master.cf' });
      return;
    }
    // What postconf says while reading, up to the line where it stops.
    const stopLine = m.fatal ? m.fatal.line - 1 : Infinity;
    for (const w of m.warnings) if (w.line < stopLine) this.warn({ kind: 'reader', text: w.text, file: 'master.cf' });
    if (m.fatal) this.stop(m.fatal.message.replace(/^file master\.cf/, `file ${this.options.configDir}/master.cf`));
    // Services with the same service/type share one -o dictionary; a service sees it only when it
    // exists by the time postconf has read that service (its own -o or an earlier one's created it).
    const shared = new Map<string, { params: OverrideValues; overrideOf: Map<string, Override> }>();
    for (const s of m.services) {
      let sp = shared.get(s.id);
      if (!sp && s.overrides.length > 0) {
        const overrideOf = new Map<string, Override>();
        sp = { params: new OverrideValues(overrideOf), overrideOf };
        shared.set(s.id, sp);
      }
      for (const o of s.overrides) {
        sp!.overrideOf.set(o.name, o);
        this.masterNames.add(o.name);
      }
      this.scopes.push({
        service: s,
        ro: new Map([
          ['process_name', s.processName],
          ['service_name', s.serviceName],
        ]),
        params: sp ? sp.params : null,
        overrideOf: sp ? sp.overrideOf : NO_OVERRIDES,
        valid: new Set(),
      });
    }
  }

  private registerServiceParameters() {
    for (const sc of this.scopes) {
      const command = sc.service.fields[7].text;
      const list = derivedSuffixes(command);
      if (!list) continue;
      // A built-in (or already changed) name becomes a service parameter; the others are derived.
      for (const { suffix } of list) {
        const name = sc.service.name + suffix;
        const node = this.table.stored(name);
        if (node) this.table.setFlags(name, (node.flags & ~MASK_CLASS) | FLAG_SERVICE);
      }
      this.table.deriveFrom(sc.service.name, list);
    }
  }

  // ---- $name lookups -------------------------------------------------------------------------

  /** The default of a known parameter as postconf computes it, or null for an unknown name. */
  defaultValue(name: string): string | null {
    const node = this.table.get(name);
    if (!node) return null;
    if (node.serviceDefault !== undefined) return '$' + node.serviceDefault;
    if (node.flags & FLAG_USER && !(node.flags & (FLAG_BUILTIN | FLAG_LEGACY | FLAG_SERVICE)) && !parameterInfo(name)) return '';
    switch (name) {
      case 'process_id':
        return String(this.options.pid ?? 0);
      case 'process_name':
        return 'postconf';
      case 'service_name':
        return '';
      case 'myhostname':
        return this.computedHostname();
      case 'mydomain':
        return this.computedDomain();
      case 'mynetworks':
        return this.computedMynetworks();
    }
    return staticDefault(name, this.options.installation) ?? '';
  }

  /** pcf_check_myhostname(): the host name, with $mydomain (or "localdomain") added when it has no dot. */
  private computedHostname(): string {
    if (this.hostnameCache !== undefined) return this.hostnameCache;
    const inst = this.options.installation;
    let name = inst?.hostname ?? inst?.defaults?.get('myhostname') ?? 'localhost';
    if (!name.includes('.')) {
      const domain = this.dictEval(this.dict, 'mydomain') ?? 'localdomain';
      name = `${name}.${domain}`;
    }
    return (this.hostnameCache = name);
  }

  private mynetworksCache?: string;

  /** pcf_mynetworks(): from interface addresses, or the installed postconf's answer as a fallback. */
  private computedMynetworks(): string {
    if (this.mynetworksCache !== undefined) return this.mynetworksCache;
    const inst = this.options.installation;
    const setting = (name: string) => {
      const v = this.options.defaultsOnly ? undefined : this.dictEval(this.dict, name);
      if (v !== null && v !== undefined) return v;
      const def = staticDefault(name, inst) ?? '';
      const r = this.expand(def, null, !!this.options.defaultsOnly);
      if (r.status & MAC_PARSE_ERROR) this.failExpansion(r, expansionFailure(r));
      return r.value;
    };
    let value: string | null = null;
    // The order of Postfix's own checks: protocols (none at all gives an empty list), then the style.
    const protocolsText = setting('inet_protocols');
    const protocols = protocolsText.split(/[, \t\r\n]+/).filter(Boolean);
    const badProto = protocols.find((p) => !['all', 'ipv4', 'ipv6'].includes(p));
    const fallback = inst?.defaults?.get('mynetworks') ?? '127.0.0.0/8 [::1]/128';
    if (badProto !== undefined) {
      this.stop(`unknown inet_protocols value "${badProto}" in "${protocolsText}"`);
      return (this.mynetworksCache = fallback);
    }
    if (protocols.length === 0) return (this.mynetworksCache = '');
    const styleText = setting('mynetworks_style');
    const style = styleText.split(/[, \t\r\n]+/).filter(Boolean);
    const badStyle = style.find((w) => !['class', 'subnet', 'host'].includes(w));
    if (badStyle !== undefined || new Set(style).size !== 1) {
      this.stop(badStyle !== undefined ? `unknown mynetworks mask style value "${badStyle}" in "${styleText}"` : `bad mynetworks_style value: ${styleText}; specify exactly one value`);
      return (this.mynetworksCache = fallback);
    }
    if (inst?.interfaces) {
      const interfaces = setting('inet_interfaces');
      const key = `${style[0]}\0${protocols.join(' ')}\0${interfaces}`;
      const cache = mynetworksCache(inst);
      value = cache.get(key) ?? null;
      if (!cache.has(key)) {
        const own = ownAddresses(interfaces, protocols.join(' '), inst.interfaces, (n) => inst.hosts?.get(n.toLowerCase()));
        value = own ? computeMynetworks(style[0], own) : null;
        if (cache.size >= 64) cache.clear();
        cache.set(key, value);
      }
    }
    return (this.mynetworksCache = value ?? fallback);
  }

  private computedDomain(): string {
    if (this.domainCache !== undefined) return this.domainCache;
    const host = this.dictEval(this.dict, 'myhostname') ?? this.computedHostname();
    const dot = host.indexOf('.');
    return (this.domainCache = dot === -1 ? 'localdomain' : host.slice(dot + 1));
  }

  /** dict_eval(): a value from one dictionary, $names expanded from that dictionary alone. */
  private dictEval(d: ReadonlyMap<string, string>, name: string): string | null {
    const v = d.get(name);
    if (v === undefined) return null;
    const r = expandMacros(v, { recurse: true, lookup: (n) => d.get(n) ?? null });
    if (r.status & MAC_PARSE_ERROR) {
      this.failExpansion(r, `dictionary ${d === this.dict ? 'mail_dict' : (this.scopes.find((sc) => sc.params === d)?.service.id ?? 'master')}: macro processing error`);
      return null;
    }
    return r.value;
  }

  /** pcf_lookup_parameter_value() as expansion uses it: service scope, main.cf, then defaults. */
  lookup(name: string, scope: MasterScope | null, defaultsOnly = false): string | null {
    if (!defaultsOnly) {
      if (scope) {
        const ro = scope.ro.get(name);
        if (ro !== undefined) return ro;
        const p = scope.params?.get(name);
        if (p !== undefined) return p;
      }
      const v = this.dict.get(name);
      if (v !== undefined) return v;
    }
    return this.table.has(name) ? this.defaultValue(name) : null;
  }

  private memos = new Map<MasterScope | null, BoundedMemo<MemoEntry>>();
  private memosDefaults = new Map<MasterScope | null, BoundedMemo<MemoEntry>>();

  /** pcf_expand_parameter_value(): recursive expansion in a scope. */
  expand(value: string, scope: MasterScope | null, defaultsOnly = false): ExpandResult {
    const memos = defaultsOnly ? this.memosDefaults : this.memos;
    let m = memos.get(scope);
    if (!m) memos.set(scope, (m = new BoundedMemo()));
    return expandMacros(value, { recurse: true, lookup: (n) => this.lookup(n, scope, defaultsOnly), memo: m });
  }

  /** Lookups change when a value is removed: expansions remembered before are no longer valid. */
  private forgetExpansions() {
    this.memos.clear();
    this.memosDefaults.clear();
  }

  // ---- user-defined parameters ----------------------------------------------------------------

  /** pcf_flag_user_parameter(): a $name is "valid" when it has a name=value; warn when nobody defines it. */
  private flagUserParameter(
    name: string,
    cls: number,
    scope: MasterScope | null,
    at?: () => Place | undefined,
    restrictionClass = false,
  ) {
    let supplied = false;
    if (scope && scope.params?.has(name)) {
      supplied = true;
      scope.valid.add(name);
    } else if (this.dict.has(name)) {
      supplied = true;
      if (!this.table.has(name)) this.table.set(name, { flags: cls });
    }
    if (!scope && this.masterNames.has(name)) {
      for (const sc of this.scopes) {
        if (sc.params?.has(name)) {
          supplied = true;
          sc.valid.add(name);
        }
      }
    }
    if (!supplied && !(cls & FLAG_DBMS) && !this.table.has(name)) {
      this.warn(new UndefinedWarning(this.options.configDir, name, scope?.service.id, at?.(), restrictionClass));
    }
  }

  /** Scan a value for $names (every branch), flagging each; positions when the value is in a file. */
  private scanValue(value: string, scope: MasterScope | null, where?: { toRange: (a: number, b: number) => Range; file: 'main.cf' | 'master.cf' }) {
    if (value.indexOf('$') === -1) return;
    // Offsets of the reference being looked up; its range is computed only if a warning needs it.
    let refStart = -1;
    let refEnd = -1;
    // (A literal, not a spread of `where`: V8 gives each spread-and-extend object its own hidden class.)
    const at = where ? () => (refStart >= 0 ? { file: where.file, toRange: where.toRange, start: refStart, end: refEnd } : undefined) : undefined;
    expandMacros(value, {
      scan: true,
      lookup: (name) => {
        this.flagUserParameter(name, FLAG_USER, scope, at);
        refStart = -1;
        return null;
      },
      onReference: where
        ? (_name, start, end) => {
            refStart = start;
            refEnd = end;
          }
        : undefined,
      // As found, not after the scan: postconf prints a syntax warning between the undefined-name
      // warnings of the references before and after it.
      onProblem: (p) =>
        this.warn({
          kind: 'macro',
          text: p.message,
          file: where?.file,
          range: where && p.at !== undefined ? where.toRange(p.at, p.at + 1) : undefined,
          service: scope?.service.id,
          problem: p,
        }),
    });
  }

  private scanNamespace(d: Dictionary, scope: MasterScope | null) {
    const classes = this.dictEval(d, 'smtpd_restriction_classes');
    if (classes !== null) {
      const where = this.positionsFor('smtpd_restriction_classes', scope);
      const raw = d.get('smtpd_restriction_classes') ?? '';
      const positions = wordPositions(raw);
      for (const c of classes.split(/[, \t\r\n]+/)) {
        if (!c) continue;
        if (!scope) this.restClasses.add(c);
        const p = positions.get(c);
        const at = where && (() => ({ file: where.file, toRange: where.toRange, start: p ?? 0, end: p !== undefined ? p + c.length : raw.length }));
        this.flagUserParameter(c, FLAG_USER, scope, at, true);
      }
    }
    // postconf walks its hash table, whose order is random per run (a seeded hash); file order is
    // ours. The order shows in the order of the warnings for different entries, and in the result
    // when a read-only entry, removed on the way, is also referred to.
    // Deleting the entry being visited (a read-only one) is safe while iterating a Map.
    const walk = scope ? `master.cf ${this.scopes.indexOf(scope)}` : 'main.cf';
    for (const [name, value] of d) {
      this.visiting = { walk, entry: name };
      this.visitEntry(d, scope, name, value);
    }
    this.visiting = undefined;
  }

  private visitEntry(d: Dictionary, scope: MasterScope | null, name: string, value: string) {
    {
      if (scope && !scope.valid.has(name) && this.restClasses.has(name)) scope.valid.add(name);
      let node = this.table.get(name);
      if (node) {
        if (node.flags & FLAG_READONLY) {
          this.warn({
            kind: 'readonly',
            text: `${this.options.configDir}/${scope ? 'master.cf' : 'main.cf'}: read-only parameter assignment: ${name}=${value}`,
            name,
            file: scope ? 'master.cf' : 'main.cf',
            range: scope ? scope.overrideOf.get(name)?.nameRange : this.entryOf.get(name)?.nameRange,
            service: scope?.service.id,
          });
          d.delete(name);
          this.forgetExpansions();
          return;
        }
        if (node.flags & FLAG_LEGACY) node = this.table.setFlags(name, (node.flags & ~MASK_CLASS) | FLAG_USER);
        if (node.flags & FLAG_RAW) return;
      }
      if (value.indexOf('$') !== -1) this.scanValue(value, scope, this.positionsFor(name, scope));
      if (node && node.flags & (FLAG_BUILTIN | FLAG_SERVICE)) this.registerDbms(name, value, scope);
    }
  }

  /** Where the value of `name` is written (main.cf, or the service's -o), to turn offsets in it into ranges. */
  private positionsFor(name: string, scope: MasterScope | null): ValuePositions | undefined {
    if (scope) {
      const o = scope.overrideOf.get(name);
      if (!o) return undefined;
      const ll = scope.service.logical;
      return { file: 'master.cf', toRange: (a, b) => logicalRange(ll, o.valueOffset + a, o.valueOffset + b), whole: () => o.valueRange };
    }
    const e = this.entryOf.get(name);
    if (!e) return undefined;
    return { file: 'main.cf', toRange: (a, b) => logicalRange(e.logical, e.valueOffset + a, e.valueOffset + b), whole: () => e.valueRange };
  }

  /**
   * pcf_register_dbms_parameters() for the value of `name`: mysql:name and friends make name_hosts
   * etc. known, and mysql:/path and friends have their client configuration file read.
   */
  private registerDbms(name: string, value: string, scope: MasterScope | null) {
    // Only a "type:name" with a database type can register anything, and only a "{" can be warned
    // about; most values have neither.
    if (value.indexOf('$') === -1 && value.indexOf(':') === -1 && value.indexOf('{') === -1) return;
    const r = this.expand(value, scope);
    if (r.status & MAC_PARSE_ERROR) {
      this.failExpansion(r, expansionFailure(r), this.positionsFor(name, scope), scope);
      return;
    }
    this.dbmsHelper(r.value, scope, name, value);
  }

  /** pcf_register_dbms_helper(); `name` and `raw` are the parameter and its value as written. */
  private dbmsHelper(text: string, scope: MasterScope | null, name: string, raw: string) {
    // Only a "type:name" word or a {...} group can register anything: the others are not sliced (a
    // value of megabytes has hundreds of thousands of words).
    let colon = text.indexOf(':');
    for (const [a, b] of bracedWords(text, isListSeparator)) {
      if (colon !== -1 && colon < a) colon = text.indexOf(':', a);
      if (text.charCodeAt(a) !== 123 && (colon === -1 || colon >= b)) continue;
      const token = text.slice(a, b);
      if (token[0] === '{') {
        this.dbmsHelper(this.extpar(token, scope, name), scope, name, raw);
        continue;
      }
      let type = token;
      let prefix: string | null;
      for (;;) {
        const i = type.indexOf(':');
        if (i === -1) {
          prefix = null;
          break;
        }
        prefix = type.slice(i + 1);
        type = type.slice(0, i);
        if (type !== 'proxy') break;
        type = prefix;
      }
      if (prefix === null) continue;
      const suffixes = dbmsParameterSuffixes.get(type); // the option names each database type reads (postconf's lists)
      if (prefix[0] === '/') {
        if (suffixes) this.checkDbmsClient(type, prefix, suffixes, scope, name, raw);
        continue;
      }
      if (prefix[0] === '.') continue;
      if (prefix[0] === '{') {
        this.dbmsHelper(this.extpar(prefix, scope, name), scope, name, raw);
        continue;
      }
      if (suffixes) for (const sfx of suffixes) this.flagUserParameter(`${prefix}_${sfx}`, FLAG_DBMS | FLAG_USER, scope);
    }
  }

  /** extpar() without stripping, with postconf's warning when the braces are off. */
  private extpar(s: string, scope: MasterScope | null, name: string): string {
    const len = balancedBraceLength(s);
    const error = len === 0 ? `missing '}' in "${s}"` : len !== s.length ? `syntax error after '}' in "${s}"` : null;
    if (error) {
      this.warn({
        kind: 'brace',
        text: `${scope ? `master.cf:${scope.service.id}` : 'main.cf'}: ${error}`,
        name,
        file: scope ? 'master.cf' : 'main.cf',
        range: (scope ? scope.overrideOf.get(name)?.valueRange : this.entryOf.get(name)?.valueRange) ?? undefined,
        service: scope?.service.id,
      });
    }
    return len === 0 ? s.slice(1) : s.slice(1, len - 1);
  }

  /**
   * pcf_check_dbms_client(): the client configuration file of mysql:/path (and ldap, pgsql, sqlite,
   * memcache) is read once per type and path, and the names in it that the type does not know are
   * reported as unused; a file that cannot be opened is reported, except when permission is denied.
   */
  private checkDbmsClient(type: string, path: string, suffixes: readonly string[], scope: MasterScope | null, name: string, raw: string) {
    const files = this.options.tableConfigFiles;
    if (!files) return;
    const spec = `${type}:${path}`;
    if (this.tablesSeen.has(spec)) return;
    const data = files.get(path);
    if (data === undefined) {
      this.tableConfigWanted.add(path);
      return;
    }
    this.tablesSeen.add(spec);
    this.tableConfigUsed.add(path);
    const where = this.tableReference(type, path, scope, name, raw);
    const note = (n: TableConfigNote, text: string) => this.warn({ kind: 'table', text, table: n, ...where });
    if (!data.ok) {
      if (data.code === 'EACCES') {
        // postconf says nothing: such files hold passwords and are often readable by root only.
        this.warnings.push({ kind: 'table', text: '', table: { type, path, problem: 'unreadable' }, silent: true, ...where });
        return;
      }
      const problem = data.code === 'ENOENT' || data.code === 'ENOTDIR' ? 'missing' : data.code === 'not-regular' ? 'not-regular' : 'error';
      note({ type, path, problem }, `open "${type}" configuration "${path}": ${data.code === 'not-regular' ? 'not a regular file' : data.message}`);
      return;
    }
    const parsed = parseMainCf(data.text, path);
    const values = new Map<string, string>();
    const lines = new Map<string, number>();
    const fatal = parsed.fatal;
    this.loadEntries(
      parsed,
      fatal ? fatal.line - 1 : Infinity,
      (e, old) =>
        note(
          { type, path, problem: 'duplicate', param: e.name, value: old, line: e.logical.firstLine + 1 },
          `${path}, line ${e.logical.firstLine + 1}: overriding earlier entry: ${e.name}=${old}`,
        ),
      (w) => note({ type, path, problem: 'whitespace', line: w.line + 1 }, w.text),
      values,
    );
    if (fatal) {
      this.warnings.push({ kind: 'table', text: '', table: { type, path, problem: 'syntax', line: fatal.line, value: fatal.message }, silent: true, ...where });
      this.stop(fatal.message);
      return;
    }
    for (const e of parsed.entries) lines.set(e.name, e.logical.firstLine + 1);
    for (const sfx of suffixes) values.delete(sfx);
    for (const [param, value] of values) {
      note({ type, path, problem: 'unused', param, value, line: lines.get(param) }, `${spec}: unused parameter: ${param}=${value}`);
    }
  }

  /** Where a value names a database client configuration file: the words "type:path" if written so. */
  private tableReference(type: string, path: string, scope: MasterScope | null, name: string, raw: string) {
    const pos = this.positionsFor(name, scope);
    let at = raw.indexOf(path);
    let end = at + path.length;
    if (at !== -1) {
      const t = raw.lastIndexOf(`${type}:`, at);
      if (t !== -1 && raw.slice(t, at).indexOf(' ') === -1) at = t;
    } else {
      at = raw.indexOf(`${type}:`);
      end = at + type.length + 1;
    }
    return {
      name,
      file: pos?.file ?? (scope ? ('master.cf' as const) : ('main.cf' as const)),
      range: pos ? (at === -1 ? pos.toRange(0, raw.length) : pos.toRange(at, end)) : undefined,
      service: scope?.service.id,
    };
  }

  private registerUserParameters() {
    for (const sc of this.scopes) if (sc.params) this.scanNamespace(sc.params, sc);
    // Defaults that mention other parameters (often an obsolete name kept for compatibility). For
    // the built-in names this is worked out once per installation and version (a built-in name never
    // gets a service default, and never becomes user-defined only); only the names their defaults
    // mention that are not built-in are flagged: a built-in name is known, so neither undefined nor
    // unused, and flagging it changes nothing that is read.
    for (const d of builtinDollarDefaults(this.options.installation, this.options.version)) {
      if (this.dict.has(d.name)) continue;
      this.visiting = { walk: 'defaults', entry: d.name };
      if (d.computed) this.scanDefault(this.defaultValue(d.name) ?? '');
      else if (d.refs) for (const r of d.refs) this.flagUserParameter(r, FLAG_USER, null);
      else this.scanValue(d.value, null);
    }
    // The names this model added (master.cf's service names, user-defined ones): as postconf does,
    // those known when the walk starts.
    for (const [name, node] of this.table.addedEntries()) {
      if (node.flags & FLAG_RAW || this.dict.has(name)) continue;
      this.visiting = { walk: 'defaults', entry: name };
      this.scanDefault(this.defaultValue(name) ?? '');
    }
    this.visiting = undefined;
    this.scanNamespace(this.dict, null);
  }

  /** Flags the names a computed default mentions. */
  private scanDefault(value: string) {
    if (value.indexOf('$') === -1) return;
    const refs = referencesOf(value);
    if (refs) for (const r of refs) this.flagUserParameter(r, FLAG_USER, null);
    else this.scanValue(value, null);
  }

  private flagUnused() {
    for (const [name, value] of this.dict) {
      if (!this.table.has(name)) this.warnings.push(new UnusedWarning(this.options.configDir, name, value, this.entryOf.get(name)));
    }
    for (const sc of this.scopes) {
      if (!sc.params) continue;
      for (const [name, o] of sc.overrideOf) {
        if (!this.table.has(name) && !sc.valid.has(name)) this.warnings.push(new UnusedOverrideWarning(this.options.configDir, o, sc.service.id));
      }
    }
  }

  /** Is this name one postconf knows (so it is neither unused nor printed as unknown)? */
  isKnown(name: string): boolean {
    return this.table.has(name);
  }
}

/**
 * A memo of expansions that stops growing when full. The memos last as long as the model (the editor
 * keeps it for hovers); a real configuration has a few hundred names, a generated one hundreds of
 * thousands, each remembered with its expansion.
 */
class BoundedMemo<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    if (this.size < MAX_MEMO_ENTRIES || this.has(key)) super.set(key, value);
    return this;
  }
}

const MAX_MEMO_ENTRIES = 10_000;

/** Where in a file a warning points: offsets into a value, and how they become a range. */
interface Place {
  file: 'main.cf' | 'master.cf';
  toRange: (a: number, b: number) => Range;
  start: number;
  end: number;
}

// The two kinds of warning a generated file makes by the hundred thousand (every name unused, every
// $name undefined) make their text and range when read: the postconf command prints the texts, the
// rules read the ranges of the findings they list. Made up front they were most of a model's memory.

/** An unused main.cf name=value. */
class UnusedWarning implements PostconfWarning {
  constructor(
    private readonly dir: string,
    readonly name: string,
    private readonly value: string,
    /** The main.cf entry that sets the name. */
    private readonly source: { readonly nameRange: Range } | undefined,
  ) {}
  get kind(): 'unused' {
    return 'unused';
  }
  get file(): 'main.cf' {
    return 'main.cf';
  }
  get text(): string {
    return `${this.dir}/main.cf: unused parameter: ${this.name}=${this.value}`;
  }
  get range(): Range | undefined {
    return this.source?.nameRange;
  }
}

/**
 * An unused -o name=value: three fields, the rest read from the Override (a generated master.cf has
 * hundreds of thousands of them).
 */
class UnusedOverrideWarning implements PostconfWarning {
  constructor(
    private readonly dir: string,
    private readonly override: Override,
    readonly service: string,
  ) {}
  get kind(): 'unused' {
    return 'unused';
  }
  get file(): 'master.cf' {
    return 'master.cf';
  }
  get name(): string {
    return this.override.name;
  }
  get text(): string {
    return `${this.dir}/master.cf: unused parameter: ${this.override.name}=${this.override.value}`;
  }
  get range(): Range {
    return this.override.nameRange;
  }
}

class DuplicateWarning implements PostconfWarning {
  readonly kind = 'duplicate' as const;
  readonly file = 'main.cf' as const;
  constructor(
    private readonly mainPath: string,
    /** The value it overrides. */
    private readonly old: string,
    readonly earlier: MainEntry | undefined,
    readonly later: MainEntry,
  ) {}
  get name(): string {
    return this.later.name;
  }
  get text(): string {
    return `${this.mainPath}, line ${this.later.logical.firstLine + 1}: overriding earlier entry: ${this.later.name}=${this.old}`;
  }
  get range(): Range {
    return this.later.nameRange;
  }
}

class UndefinedWarning implements PostconfWarning {
  readonly kind = 'undefined' as const;
  readonly file: 'main.cf' | 'master.cf';
  // The place's parts, not the place (one object less for each of what may be hundreds of thousands).
  private readonly toRange?: (a: number, b: number) => Range;
  private readonly start: number;
  private readonly end: number;
  constructor(
    private readonly dir: string,
    readonly name: string,
    readonly service: string | undefined,
    place: Place | undefined,
    readonly restrictionClass?: boolean,
  ) {
    this.file = place?.file ?? (service === undefined ? 'main.cf' : 'master.cf');
    this.toRange = place?.toRange;
    this.start = place?.start ?? 0;
    this.end = place?.end ?? 0;
  }
  get text(): string {
    return `${this.dir}/${this.service === undefined ? 'main.cf' : 'master.cf'}: undefined parameter: ${this.name}`;
  }
  get range(): Range | undefined {
    return this.toRange?.(this.start, this.end);
  }
}

/** main.cf's dictionary or a service's -o values, as the walk over names=values sees them. */
type Dictionary = ReadonlyMap<string, string> & { delete(name: string): boolean };

/**
 * A service's -o values, name to value, read through the map of the Overrides that supply them: one
 * map per service instead of two (a generated master.cf has hundreds of thousands of -o).
 */
export class OverrideValues implements Dictionary {
  constructor(private readonly overrides: Map<string, Override>) {}
  /** A read-only parameter's -o is dropped, as postconf drops it (its Override goes with it). */
  delete(name: string): boolean {
    return this.overrides.delete(name);
  }
  get size(): number {
    return this.overrides.size;
  }
  get(name: string): string | undefined {
    return this.overrides.get(name)?.value;
  }
  has(name: string): boolean {
    return this.overrides.has(name);
  }
  keys(): MapIterator<string> {
    return this.overrides.keys();
  }
  *values(): MapIterator<string> {
    for (const o of this.overrides.values()) yield o.value;
  }
  *entries(): MapIterator<[string, string]> {
    for (const [name, o] of this.overrides) yield [name, o.value];
  }
  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
  forEach(fn: (value: string, name: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [name, o] of this.overrides) fn(o.value, name, this);
  }
}

/** The overrides of a service without -o: one shared map, never written to. */
const NO_OVERRIDES: Map<string, Override> = new Map();

const derivedByCommand = new Map<string, readonly DerivedSuffix[] | null>();

/**
 * The suffixes a command's services derive parameter names with (pipe's 17, smtp's 16, ...), each
 * with its node, made once: nodes are never changed (setFlags makes a new one), so every name with
 * the same default shares one.
 */
function derivedSuffixes(command: string): readonly DerivedSuffix[] | null {
  let list = derivedByCommand.get(command);
  if (list === undefined) {
    const spec = serviceParameterSuffixes.get(command);
    list = spec ? spec.map(([suffix, serviceDefault]) => ({ suffix, node: Object.freeze({ flags: FLAG_SERVICE, serviceDefault }) })) : null;
    if (derivedByCommand.size < 256) derivedByCommand.set(command, list);
  }
  return list;
}

const builtinTables = new Map<string, ReadonlyMap<string, ParamNode>>();

/** Postfix's built-in parameter table for a version, computed once and shared (its nodes are frozen). */
function builtinTable(version: string): ReadonlyMap<string, ParamNode> {
  const t = builtinTables.get(version);
  if (t) return t;
  const m = new Map<string, ParamNode>();
  for (const p of allParameters()) {
    if (!isAvailableIn(p, version)) continue;
    const flags =
      p.class === 'legacy' ? FLAG_LEGACY : p.class === 'readonly' ? FLAG_BUILTIN | FLAG_READONLY : p.class === 'raw' ? FLAG_BUILTIN | FLAG_RAW : FLAG_BUILTIN;
    m.set(p.name, Object.freeze({ flags }));
  }
  builtinTables.set(version, m);
  return m;
}

/** Names whose default defaultValue() computes rather than looks up. */
const COMPUTED_DEFAULTS = new Set(['process_id', 'process_name', 'service_name', 'myhostname', 'mydomain', 'mynetworks']);

const mynetworksByInstallation = new WeakMap<Installation, Map<string, string | null>>();

/** $mynetworks computed from one installation's interfaces, per style, protocols and inet_interfaces. */
function mynetworksCache(installation: Installation): Map<string, string | null> {
  let m = mynetworksByInstallation.get(installation);
  if (!m) mynetworksByInstallation.set(installation, (m = new Map()));
  return m;
}

interface DollarDefault {
  name: string;
  /** The default is computed per model (defaultValue()). */
  computed: boolean;
  /** The names a static default mentions that are not built-in, in scan order; null when it has syntax problems. */
  refs: readonly string[] | null;
  value: string;
}

const dollarDefaultsByInstallation = new WeakMap<object, Map<string, DollarDefault[]>>();
const NO_INSTALLATION = {};

/**
 * The built-in names, in table order, whose default is computed or whose static default (the
 * catalogue's or the installed postconf's) mentions a name that is not built-in (or cannot be
 * scanned). The same for every model of one installation and version: worked out once.
 */
function builtinDollarDefaults(installation: Installation | undefined, version: string): DollarDefault[] {
  const key = installation ?? NO_INSTALLATION;
  let perVersion = dollarDefaultsByInstallation.get(key);
  if (!perVersion) dollarDefaultsByInstallation.set(key, (perVersion = new Map()));
  let list = perVersion.get(version);
  if (list) return list;
  list = [];
  const table = builtinTable(version);
  for (const [name, node] of table) {
    if (node.flags & FLAG_RAW) continue;
    if (COMPUTED_DEFAULTS.has(name)) {
      list.push({ name, computed: true, refs: null, value: '' });
      continue;
    }
    const value = staticDefault(name, installation) ?? '';
    if (value.indexOf('$') === -1) continue;
    const refs = referencesOf(value);
    const others = refs?.filter((r) => !table.has(r)) ?? null;
    if (others === null || others.length > 0) list.push({ name, computed: false, refs: others, value });
  }
  perVersion.set(version, list);
  return list;
}

const referenceCache = new Map<string, string[] | null>();

/** The names a value refers to, in scan order (every branch); null when it has syntax problems. */
function referencesOf(value: string): string[] | null {
  let refs = referenceCache.get(value);
  if (refs !== undefined) return refs;
  const names: string[] = [];
  const r = expandMacros(value, { scan: true, lookup: (n) => (names.push(n), null) });
  refs = r.problems.length === 0 ? names : null;
  referenceCache.set(value, refs);
  return refs;
}

/** The fatal message for a failed expansion: postconf's own, or why we stopped where postconf would not. */
export function expansionFailure(r: ExpandResult): string {
  if (r.fatal) return r.fatal;
  if (r.crashed) return 'reference cycle through a relational expression (postconf 3.7 crashes on this configuration)';
  if (r.tooDeep) return 'expressions nest too deeply (postfix-lens stops where postconf may still go on)';
  if (r.tooLarge) return 'value expands to too much text (postfix-lens stops where postconf would exhaust memory)';
  return 'macro processing error';
}

/** Where each word of a list value first starts (words separated by blanks and commas). */
function wordPositions(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /[^, \t\r\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (!out.has(m[0])) out.set(m[0], m.index);
  return out;
}

/** mystrtokq() over ", \t\r\n" with {} kept together. */
export function splitQuoted(s: string): string[] {
  return splitBracedWords(s, isListSeparator).map(([a, b]) => s.slice(a, b));
}

const isListSeparator = (c: number) => c === 44 || c === 32 || c === 9 || c === 13 || c === 10;
