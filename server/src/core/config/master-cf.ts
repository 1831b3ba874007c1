// master.cf as postconf reads it: logical lines (same rules as main.cf), fields split on blanks with
// {...} kept together, the eight fixed fields checked, then the daemon options normalised the way
// postconf does (-oname=value, -o { name = value }, -vo... split). Every token keeps its range.
// Findings: master-cf-syntax (what makes postconf and master(8) stop) and malformed-override (an -o
// that postconf silently drops but the daemon dies on).

import { balancedBraceLength, bracedWords, isSpaceCode, skipSpace, trimEndSpace } from './c-string';
import { LineIndex, LogicalLine, logicalRange, readLogicalLines } from './logical-lines';
import { leadingWhitespaceWarning, logicalLineRange, type ReaderWarning } from './main-cf';
import { nameForMessage, quoteForMessage, serviceForMessage } from './quote';
import type { Finding, Range } from '../types';

export const MASTER_FIELD_NAMES = ['service', 'type', 'private', 'unpriv', 'chroot', 'wakeup', 'maxproc', 'command'] as const;
export const MASTER_TYPES = ['unix', 'fifo', 'inet', 'pass', 'unix-dgram'];

export interface Token {
  readonly text: string;
  /** Offsets in the logical line's text. */
  readonly start: number;
  readonly end: number;
  readonly range: Range;
}

export interface Override {
  readonly name: string;
  readonly value: string;
  readonly nameRange: Range;
  readonly valueRange: Range;
  /** From the "-o" to the end of the value. */
  readonly range: Range;
  /** Written as -o { name = value }. */
  readonly braced: boolean;
  /** Offset of the value in the service's logical line (for ranges inside the value). */
  readonly valueOffset: number;
}

// Tokens and overrides keep offsets and compute their ranges when asked (as main.cf's entries do):
// a range is three objects, and a 4 MB master.cf has hundreds of thousands of tokens, of which the
// findings need a few. Computing one is a search among the logical line's pieces (usually one).

class LineToken implements Token {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    private readonly logical: LogicalLine,
  ) {}
  get range(): Range {
    return logicalRange(this.logical, this.start, this.end);
  }
}

class LineOverride implements Override {
  constructor(
    readonly name: string,
    readonly value: string,
    readonly braced: boolean,
    readonly valueOffset: number,
    private readonly nameStart: number,
    /** Where the "-o" starts and the value ends, in the logical line. */
    private readonly optionStart: number,
    private readonly optionEnd: number,
    private readonly logical: LogicalLine,
  ) {}
  get nameRange(): Range {
    return logicalRange(this.logical, this.nameStart, this.nameStart + this.name.length);
  }
  get valueRange(): Range {
    return logicalRange(this.logical, this.valueOffset, this.valueOffset + this.value.length);
  }
  get range(): Range {
    return logicalRange(this.logical, this.optionStart, this.optionEnd);
  }
}

export interface MasterService {
  /** "service/type", postconf's name space for -P. */
  id: string;
  name: string;
  type: string;
  /** The eight fixed fields (service, type, private, unpriv, chroot, wakeup, maxproc, command). */
  fields: Token[];
  /** Command arguments after the command field, as written (split again on each access). */
  readonly args: Token[];
  /** Normalised arguments as postconf holds them (after -o splitting and {} extraction; worked out on each access). */
  readonly argv: string[];
  /** -o overrides that postconf accepts, in order (later wins). */
  overrides: Override[];
  range: Range;
  logical: LogicalLine;
  /** process_name and service_name as postconf gives them to this service. */
  processName: string;
  serviceName: string;
}

/**
 * A service line. Its arguments and their normalised form are worked out again when asked for (the
 * outline and the hover ask for one service at a time): kept for every service, they were most of the
 * memory a master.cf of megabytes took, as tokens of a few bytes each.
 */
class Service implements MasterService {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly type: string,
    readonly fields: Token[],
    readonly overrides: Override[],
    readonly logical: LogicalLine,
    readonly processName: string,
    readonly serviceName: string,
  ) {}
  get range(): Range {
    return logicalLineRange(this.logical);
  }
  get args(): Token[] {
    return [...words(this.logical, cutAtNul(this.logical.text))].slice(8);
  }
  get argv(): string[] {
    const argv: string[] = [];
    normalizeArgs(this.logical, this.args.values(), this.id, this.fields[7].text, () => undefined, [], argv);
    return argv;
  }
}

/** A C string ends at its first NUL: Postfix never sees what follows. */
function cutAtNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

export interface ParsedMasterCf {
  index: LineIndex;
  services: MasterService[];
  findings: Finding[];
  /** What makes postconf stop ("file master.cf: line N: bad field count"). */
  fatal?: { line: number; message: string };
  /** Warnings postconf prints while it reads the file, in file order (also after `fatal`). */
  warnings: ReaderWarning[];
}

const BLANK = new Set([32, 9, 13, 10]); // PCF_MASTER_BLANKS " \t\r\n"

const isBlank = (c: number) => BLANK.has(c);

/** argv_splitq(): split on blanks, but keep {...} together (braces may nest); one word at a time. */
function* words(ll: LogicalLine, s: string): Generator<Token> {
  for (const [start, end] of bracedWords(s, isBlank)) yield new LineToken(s.slice(start, end), start, end, ll);
}

/** extpar() with EXTPAR_FLAG_STRIP: the text inside {}, trimmed; its offset in `s`; an error or null. */
function extractBraced(s: string): { text: string; offset: number; error: string | null } {
  const len = balancedBraceLength(s);
  let error: string | null = null;
  let inner: string;
  if (len === 0) {
    error = `missing '}' in "${s}"`;
    inner = s.slice(1);
  } else {
    if (len !== s.length) error = `syntax error after '}' in "${s}"`;
    inner = s.slice(1, len - 1);
  }
  const lead = skipSpace(inner, 0);
  return { text: trimEndSpace(inner.slice(lead)), offset: 1 + lead, error };
}

/** split_nameval() on an -o value. */
function splitNameValue(s: string): { name: string; value: string; nameAt: number; valueAt: number } | { error: string } {
  const np = skipSpace(s, 0);
  if (np === s.length || s[np] === '=') return { error: 'missing attribute name' };
  let ep = np;
  while (ep < s.length && !isSpaceCode(s.charCodeAt(ep)) && s[ep] !== '=') ep++;
  const cp = skipSpace(s, ep);
  if (s[cp] !== '=') return { error: "missing '=' after attribute name" };
  const vp = skipSpace(s, cp + 1);
  return { name: s.slice(np, ep), value: trimEndSpace(s.slice(vp)), nameAt: np, valueAt: vp };
}

function checkFields(f: string[]): string | null {
  if (!MASTER_TYPES.includes(f[1])) return `invalid type field "${f[1]}"`;
  for (let i = 2; i <= 4; i++) {
    if (f[i].length !== 1 || !'yn-'.includes(f[i])) return `invalid ${MASTER_FIELD_NAMES[i] === 'unpriv' ? 'unprivileged' : MASTER_FIELD_NAMES[i]} field "${f[i]}"`;
  }
  const w = f[5];
  let len = w.length;
  if (len > 0 && w[len - 1] === '?') len--;
  let digits = 0;
  while (digits < w.length && w.charCodeAt(digits) >= 48 && w.charCodeAt(digits) <= 57) digits++;
  if (!(w[0] === '-' && len === 1) && digits !== len) return `invalid wakeup field "${w}"`;
  const m = f[6];
  let md = 0;
  while (md < m.length && m.charCodeAt(md) >= 48 && m.charCodeAt(md) <= 57) md++;
  if (m !== '-' && md !== m.length) return `invalid process_limit field "${m}"`;
  return null;
}

export function parseMasterCf(text: string, path = 'master.cf'): ParsedMasterCf {
  const index = new LineIndex(text);
  const services: MasterService[] = [];
  const findings: Finding[] = [];
  const warnings: ReaderWarning[] = [];
  let fatal: ParsedMasterCf['fatal'];
  const add = (code: string, severity: Finding['severity'], message: string, range: Range, service?: string) =>
    findings.push({ code, severity, message, range, file: 'master.cf', ...(service ? { service } : {}) });

  for (const ll of readLogicalLines(text, index)) {
    if (ll.leadingWhitespace) {
      const whole = logicalLineRange(ll);
      warnings.push(leadingWhitespaceWarning(path, ll));
      add('leading-whitespace', 'warning', 'This line starts with whitespace but there is no line before it to continue, so Postfix ignores it.', whole);
      continue;
    }
    const nul = ll.text.indexOf('\0');
    const s = cutAtNul(ll.text);
    if (nul !== -1) add('invalid-character', 'warning', 'This line contains a NUL byte; Postfix ignores everything after it on the line.', logicalRange(ll, nul, nul + 1));
    const rest = words(ll, s);
    const tokens: Token[] = [];
    for (let i = 0; i < 8; i++) {
      const w = rest.next();
      if (w.done) break;
      tokens.push(w.value);
    }
    const line = ll.firstLine + 1;
    if (tokens.length < 8) {
      const whole = logicalLineRange(ll);
      fatal ??= { line, message: `file ${path}: line ${line}: bad field count` };
      add(
        'master-cf-syntax',
        'error',
        `A master.cf service needs 8 fields (service type private unpriv chroot wakeup maxproc command), this line has ${tokens.length}. ` +
          'postconf and master(8) stop with "bad field count".',
        whole,
      );
      continue;
    }
    const fieldTexts = tokens.map((t) => t.text);
    const bad = checkFields(fieldTexts);
    if (bad) {
      fatal ??= { line, message: `${bad} in "${s.replace(/\n/g, ' ')}"` };
      const which = MASTER_FIELD_NAMES.findIndex((n, i) => i >= 1 && i <= 6 && bad.includes(` ${n === 'unpriv' ? 'unprivileged' : n === 'maxproc' ? 'process_limit' : n} field`));
      add('master-cf-syntax', 'error', explainField(bad), which >= 0 ? tokens[which].range : logicalLineRange(ll));
      continue;
    }
    const id = `${fieldTexts[0]}/${fieldTexts[1]}`;
    const { overrides } = normalizeArgs(ll, rest, id, fieldTexts[7], add, warnings);
    const cmd = fieldTexts[7];
    const processName = cmd.slice(cmd.lastIndexOf('/') + 1);
    services.push(new Service(id, fieldTexts[0], fieldTexts[1], tokens, overrides, ll, processName, processName !== fieldTexts[0] ? fieldTexts[0] : processName));
  }
  return { index, services, findings, fatal, warnings };
}

function explainField(postconfSays: string): string {
  // postconf quotes the field whole; a message shows a long one clipped.
  const bad = postconfSays.replace(/"([^]*)"$/, (_m, field: string) => `"${nameForMessage(field)}"`);
  if (bad.startsWith('invalid type')) return `${bad}: the type must be one of ${MASTER_TYPES.join(', ')}. postconf and master(8) stop here.`;
  if (bad.includes('wakeup')) return `${bad}: use a number of seconds (optionally followed by "?") or "-". postconf and master(8) stop here.`;
  if (bad.includes('process_limit')) return `${bad}: use a number or "-". postconf and master(8) stop here.`;
  return `${bad}: use y, n or -. postconf and master(8) stop here.`;
}

/** extpar()'s error without the text it quotes: "missing '}'", "syntax error after '}'". */
function braceProblem(error: string): string {
  return error.replace(/ in "[^]*"$/, '');
}

type AddFn = (code: string, severity: Finding['severity'], message: string, range: Range, service?: string) => void;

/** A word of the arguments as normalisation sees it: a token, or the part of one postconf split off. */
interface Piece {
  text: string;
  /** Offsets in the logical line. */
  start: number;
  end: number;
  /** The token it comes from (its range is where findings about it go). */
  token: Token;
  /** The head of an -o word postconf split (already reported). */
  split?: boolean;
}

/**
 * The argument words one at a time, with the few ahead that normalisation looks at, and the rest of a
 * split word put back in front. A stream, not an array: a line of megabytes holds hundreds of
 * thousands of words, and inserting split words into an array made it quadratic.
 */
class Pieces {
  private readonly ahead: Piece[] = [];
  constructor(private readonly rest: Iterator<Token>) {}
  /** The k-th word from here (0: the next one), or undefined past the end. */
  peek(k: number): Piece | undefined {
    while (this.ahead.length <= k) {
      const n = this.rest.next();
      if (n.done) return undefined;
      this.ahead.push({ text: n.value.text, start: n.value.start, end: n.value.end, token: n.value });
    }
    return this.ahead[k];
  }
  take(): Piece | undefined {
    const p = this.peek(0);
    if (p) this.ahead.shift();
    return p;
  }
  putBack(p: Piece): void {
    this.ahead.unshift(p);
  }
}

/**
 * pcf_normalize_daemon_args() followed by what pcf_register_user_parameters() accepts as -o.
 * Options end at the first argument that does not start with '-' (or at "--"): an "-o name = value"
 * written with spaces therefore ends option processing, and every -o after it is ignored.
 * postconf splits an option word at any 'o' after its second character ("-vo..." -> "-v" "-o..."),
 * which also splits "-omyhostname=x" into "-omyh" and "-ostname=x": we do the same (it is what
 * postconf -P shows) and say so, because the daemon itself, using getopt, reads it correctly.
 * `argv` (the normalised words) is filled only when given.
 */
function normalizeArgs(ll: LogicalLine, args: Iterator<Token>, id: string, command: string, add: AddFn, warnings: ReaderWarning[], argv?: string[]) {
  const overrides: Override[] = [];
  const daemon = serviceForMessage(id);
  const words = new Pieces(args);
  let stop: Piece | undefined;
  for (;;) {
    const tok = words.take();
    if (!tok) break;
    const arg = tok.text;
    if (arg[0] !== '-' || arg === '--') {
      stop = tok;
      break;
    }
    const o = arg.indexOf('o', 2);
    let cur = tok;
    if (o !== -1) {
      words.putBack({ text: '-' + arg.slice(o), start: tok.start + o - 1, end: tok.end, token: tok.token });
      if (arg[1] === 'o') {
        add(
          'malformed-override',
          'warning',
          `postconf reads "${quoteForMessage(arg)}" as "${quoteForMessage(arg.slice(0, o))}" "-${quoteForMessage(arg.slice(o))}" (it splits option words at every "o"), ` +
            `so postconf -P and tools that follow it see the wrong parameter; the ${daemon} daemon itself reads it correctly. Write "-o ${quoteForMessage(arg.slice(2))}".`,
          tok.token.range,
          id,
        );
      }
      cur = { ...tok, text: arg.slice(0, o), end: tok.start + o, split: arg[1] === 'o' };
    }
    const optStart = cur.start;
    if (cur.text[1] !== 'o') {
      argv?.push(cur.text);
      continue;
    }
    // The word that holds the value: this one ("-oname=value"), or the next.
    let holder: Piece;
    let valText: string;
    let valStart: number;
    let valEnd: number;
    const next = cur.text.length > 2 ? undefined : words.take();
    if (cur.text.length > 2) {
      holder = cur;
      valText = cur.text.slice(2);
      valStart = optStart + 2;
      valEnd = cur.end;
    } else if (next) {
      holder = next;
      valText = next.text;
      valStart = next.start;
      valEnd = next.end;
    } else {
      argv?.push(cur.text);
      add('malformed-override', 'error', `"-o" has no value after it: the ${daemon} daemon will refuse to start.`, logicalRange(ll, optStart, cur.end), id);
      continue;
    }
    argv?.push('-o');
    let braced = false;
    let inner = valText;
    let innerStart = valStart;
    if (valText[0] === '{') {
      braced = true;
      const ex = extractBraced(valText);
      if (ex.error) {
        warnings.push({ line: ll.firstLine, text: `master.cf: ${ex.error}` });
        add(
          'malformed-override',
          'error',
          `${braceProblem(ex.error)} in this -o value: master(8) stops with this error when it reads master.cf (postconf only warns, and reads it as "${quoteForMessage(ex.text)}").`,
          logicalRange(ll, valStart, valEnd),
          id,
        );
      }
      inner = ex.text;
      innerStart = valStart + ex.offset;
    }
    const nv = splitNameValue(inner);
    if ('error' in nv) {
      if (braced) warnings.push({ line: ll.firstLine, text: `master.cf: ${nv.error}: "${inner}"` });
      argv?.push(inner);
      // The words after the value, looked at but left for what follows ("=" ends the options).
      const after1 = words.peek(0);
      const spaced = !braced && after1 !== undefined && after1.text.startsWith('=');
      const after2 = spaced ? words.peek(1) : undefined;
      const shown = spaced ? [holder, after1, after2].filter((t) => t !== undefined).map((t) => t.text).join(' ') : inner;
      const meant = spaced && after2 && after1.text === '=' ? after2.text : spaced && after1.text.length > 1 ? after1.text.slice(1) : 'value';
      const message = spaced
        ? `"-o ${quoteForMessage(shown)}": spaces around "=" split this override into separate words. ` +
          `postconf silently ignores it, the ${daemon} daemon refuses to start ("invalid -o option value"), and every -o after it is ` +
          `no longer read as an option. Write "-o ${quoteForMessage(inner)}=${quoteForMessage(meant)}" or "-o { ${quoteForMessage(inner)} = ${quoteForMessage(meant)} }".`
        : `"-o ${quoteForMessage(inner)}" has no "=": postconf silently ignores it and the ${daemon} daemon refuses to start ("invalid -o option value"). Write -o name=value.`;
      // The fragment of a word postconf split itself was reported above, as postconf's own misreading.
      if (!cur.split) add('malformed-override', 'error', message, logicalRange(ll, optStart, valEnd), id);
      continue;
    }
    argv?.push(braced ? `${nv.name}=${nv.value}` : inner);
    overrides.push(new LineOverride(nv.name, nv.value, braced, innerStart + nv.valueAt, innerStart + nv.nameAt, optStart, valEnd, ll));
  }
  // What follows the options, one word at a time: brace groups extracted (master(8) stops on a bad
  // one), then whatever the daemon makes of the rest (see daemonArguments()).
  const rest = new DaemonArguments(command, id, add);
  for (let t = stop; t; t = words.take()) {
    const text = t.text;
    if (text[0] === '{') {
      const ex = extractBraced(text);
      if (ex.error) {
        warnings.push({ line: ll.firstLine, text: `master.cf: ${ex.error}` });
        add('master-cf-syntax', 'error', `${braceProblem(ex.error)} in this argument: master(8) stops with this error when it reads master.cf.`, t.token.range, id);
      }
      argv?.push(ex.text);
    } else argv?.push(text);
    // getopt takes a "--" that ends the options: the rest starts after it.
    if (t !== stop || text !== '--') rest.next(t);
  }
  return { overrides };
}

/**
 * What a daemon does with the arguments after its options. Postfix's daemons read options with
 * getopt("+..."), which stops at the first argument that is not an option (or after "--"); the rest
 * goes to the service: pipe(8) and spawn(8) read it as attributes up to "argv=", after which every
 * word belongs to the external command; most daemons stop with "unexpected command-line argument";
 * smtp(8)/lmtp(8) and postscreen(8) ignore it. Other commands are not Postfix's: nothing is known.
 */
function daemonArguments(command: string): 'attributes' | 'fatal' | 'ignored' | null {
  const name = command.slice(command.lastIndexOf('/') + 1);
  if (name === 'pipe' || name === 'spawn') return 'attributes';
  if (NO_ARGUMENT_DAEMONS.has(name)) return 'fatal';
  if (name === 'smtp' || name === 'lmtp' || name === 'postscreen') return 'ignored';
  return null;
}

/** Daemons whose service function stops on any argument left after the options (Postfix 3.7). */
const NO_ARGUMENT_DAEMONS = new Set([
  'anvil', 'bounce', 'cleanup', 'discard', 'dnsblog', 'error', 'flush', 'local', 'oqmgr', 'qmgr', 'pickup', 'postlogd',
  'proxymap', 'qmqpd', 'scache', 'showq', 'smtpd', 'tlsmgr', 'tlsproxy', 'trivial-rewrite', 'verify', 'virtual',
]);

/**
 * Reports an -o that the daemon does not read as an option because it comes after the options. Fed
 * the words after the options one at a time (a line can hold hundreds of thousands of them).
 */
class DaemonArguments {
  private readonly how: ReturnType<typeof daemonArguments>;
  private readonly daemon: string;
  /** The first word of the rest, and whether pipe/spawn's attributes have ended ("argv="). */
  private first: string | undefined;
  private done = false;

  constructor(
    command: string,
    private readonly id: string,
    private readonly add: AddFn,
  ) {
    this.how = daemonArguments(command);
    this.daemon = serviceForMessage(id);
  }

  next(word: { text: string; token: Token }): void {
    if (this.how === null || this.done) return;
    const t = word.text;
    // Only after "--" can an -o be the first of the rest: getopt took the "--".
    const first = this.first === undefined ? '--' : quoteForMessage(this.first);
    this.first ??= t;
    // pipe(8)/spawn(8): "argv=" ends the attributes; the words after it are the command's own.
    if (this.how === 'attributes' && t.slice(0, 5).toLowerCase() === 'argv=') {
      this.done = true;
      return;
    }
    if (!t.startsWith('-o')) return;
    if (this.how === 'attributes') {
      this.add(
        'malformed-override',
        'error',
        `This "-o" comes after "${first}", where the options end: the ${this.daemon} service reads it as an attribute and stops ("unknown attribute name: ${quoteForMessage(t)}"). Put the -o before the attributes (flags=, user=, argv=).`,
        word.token.range,
        this.id,
      );
    } else {
      this.add(
        'malformed-override',
        this.how === 'fatal' ? 'error' : 'warning',
        this.how === 'fatal'
          ? `This "-o" comes after "${first}", where the options end, so it is not read as a parameter override; the ${this.daemon} daemon takes no other arguments and stops ("unexpected command-line argument: ${first}").`
          : `This "-o" comes after "${first}", where the options end, so the ${this.daemon} daemon ignores it: it is not read as a parameter override. Put it before "${first}".`,
        word.token.range,
        this.id,
      );
    }
  }
}
