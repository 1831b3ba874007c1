// master.cf as postconf reads it: logical lines (same rules as main.cf), fields split on blanks with
// {...} kept together, the eight fixed fields checked, then the daemon options normalised the way
// postconf does (-oname=value, -o { name = value }, -vo... split). Every token keeps its range.
// Findings: master-cf-syntax (what makes postconf and master(8) stop) and malformed-override (an -o
// that postconf silently drops but the daemon dies on).

import { balancedBraceLength, isSpaceCode, skipSpace, splitBracedWords, trimEndSpace } from './c-string';
import { LineIndex, LogicalLine, logicalRange, readLogicalLines } from './logical-lines';
import { leadingWhitespaceWarning, logicalLineRange, type ReaderWarning } from './main-cf';
import { nameForMessage, quoteForMessage, serviceForMessage } from './quote';
import type { Finding, Range } from '../types';

export const MASTER_FIELD_NAMES = ['service', 'type', 'private', 'unpriv', 'chroot', 'wakeup', 'maxproc', 'command'] as const;
export const MASTER_TYPES = ['unix', 'fifo', 'inet', 'pass', 'unix-dgram'];

export interface Token {
  text: string;
  /** Offsets in the logical line's text. */
  start: number;
  end: number;
  range: Range;
}

export interface Override {
  name: string;
  value: string;
  nameRange: Range;
  valueRange: Range;
  /** From the "-o" to the end of the value. */
  range: Range;
  /** Written as -o { name = value }. */
  braced: boolean;
  /** Offset of the value in the service's logical line (for ranges inside the value). */
  valueOffset: number;
}

export interface MasterService {
  /** "service/type", postconf's name space for -P. */
  id: string;
  name: string;
  type: string;
  /** The eight fixed fields (service, type, private, unpriv, chroot, wakeup, maxproc, command). */
  fields: Token[];
  /** Command arguments after the command field, as written. */
  args: Token[];
  /** Normalised arguments as postconf holds them (after -o splitting and {} extraction). */
  argv: string[];
  /** -o overrides that postconf accepts, in order (later wins). */
  overrides: Override[];
  range: Range;
  logical: LogicalLine;
  /** process_name and service_name as postconf gives them to this service. */
  processName: string;
  serviceName: string;
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

/** argv_splitq(): split on blanks, but keep {...} together (braces may nest). */
function splitTokens(ll: LogicalLine, s: string): Token[] {
  return splitBracedWords(s, (c) => BLANK.has(c)).map(([start, end]) => ({ text: s.slice(start, end), start, end, range: logicalRange(ll, start, end) }));
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
    const whole = logicalLineRange(ll);
    if (ll.leadingWhitespace) {
      warnings.push(leadingWhitespaceWarning(path, ll));
      add('leading-whitespace', 'warning', 'This line starts with whitespace but there is no line before it to continue, so Postfix ignores it.', whole);
      continue;
    }
    const nul = ll.text.indexOf('\0');
    const s = nul === -1 ? ll.text : ll.text.slice(0, nul);
    if (nul !== -1) add('invalid-character', 'warning', 'This line contains a NUL byte; Postfix ignores everything after it on the line.', logicalRange(ll, nul, nul + 1));
    const tokens = splitTokens(ll, s);
    const line = ll.firstLine + 1;
    if (tokens.length < 8) {
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
    const fieldTexts = tokens.slice(0, 8).map((t) => t.text);
    const bad = checkFields(fieldTexts);
    if (bad) {
      fatal ??= { line, message: `${bad} in "${s.replace(/\n/g, ' ')}"` };
      const which = MASTER_FIELD_NAMES.findIndex((n, i) => i >= 1 && i <= 6 && bad.includes(` ${n === 'unpriv' ? 'unprivileged' : n === 'maxproc' ? 'process_limit' : n} field`));
      add('master-cf-syntax', 'error', explainField(bad), which >= 0 ? tokens[which].range : whole);
      continue;
    }
    const id = `${fieldTexts[0]}/${fieldTexts[1]}`;
    const args = tokens.slice(8);
    const { argv, overrides } = normalizeArgs(ll, args, id, fieldTexts[7], add, warnings);
    const cmd = fieldTexts[7];
    const processName = cmd.slice(cmd.lastIndexOf('/') + 1);
    services.push({
      id,
      name: fieldTexts[0],
      type: fieldTexts[1],
      fields: tokens.slice(0, 8),
      args,
      argv,
      overrides,
      range: whole,
      logical: ll,
      processName,
      serviceName: processName !== fieldTexts[0] ? fieldTexts[0] : processName,
    });
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

/**
 * pcf_normalize_daemon_args() followed by what pcf_register_user_parameters() accepts as -o.
 * Options end at the first argument that does not start with '-' (or at "--"): an "-o name = value"
 * written with spaces therefore ends option processing, and every -o after it is ignored.
 * postconf splits an option word at any 'o' after its second character ("-vo..." -> "-v" "-o..."),
 * which also splits "-omyhostname=x" into "-omyh" and "-ostname=x": we do the same (it is what
 * postconf -P shows) and say so, because the daemon itself, using getopt, reads it correctly.
 */
function normalizeArgs(ll: LogicalLine, args: Token[], id: string, command: string, add: AddFn, warnings: ReaderWarning[]) {
  const argv: string[] = [];
  const overrides: Override[] = [];
  const daemon = serviceForMessage(id);
  // Work on a copy that splitting may grow; each piece keeps its offset in the logical line.
  const toks: { text: string; start: number; end: number; range: Range; token: Token; split?: boolean }[] = args.map((t) => ({ ...t, token: t }));
  let i = 0;
  for (; i < toks.length; i++) {
    const tok = toks[i];
    const arg = tok.text;
    if (arg[0] !== '-' || arg === '--') break;
    const o = arg.indexOf('o', 2);
    if (o !== -1) {
      toks.splice(i + 1, 0, { text: '-' + arg.slice(o), start: tok.start + o - 1, end: tok.end, range: tok.range, token: tok.token });
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
      toks[i] = { ...tok, text: arg.slice(0, o), end: tok.start + o, split: arg[1] === 'o' };
    }
    const cur = toks[i];
    const optStart = cur.start;
    if (cur.text[1] !== 'o') {
      argv.push(cur.text);
      continue;
    }
    let valText: string;
    let valStart: number;
    let valEnd: number;
    if (cur.text.length > 2) {
      valText = cur.text.slice(2);
      valStart = optStart + 2;
      valEnd = cur.end;
    } else if (i + 1 < toks.length) {
      i++;
      valText = toks[i].text;
      valStart = toks[i].start;
      valEnd = toks[i].end;
    } else {
      argv.push(cur.text);
      add('malformed-override', 'error', `"-o" has no value after it: the ${daemon} daemon will refuse to start.`, logicalRange(ll, optStart, cur.end), id);
      continue;
    }
    argv.push('-o');
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
      argv.push(inner);
      const spaced = !braced && i + 1 < toks.length && toks[i + 1].text.startsWith('=');
      const shown = spaced ? toks.slice(i, i + 3).map((t) => t.text).join(' ') : inner;
      const meant = spaced && toks[i + 2] && toks[i + 1].text === '=' ? toks[i + 2].text : spaced && toks[i + 1].text.length > 1 ? toks[i + 1].text.slice(1) : 'value';
      const message = spaced
        ? `"-o ${quoteForMessage(shown)}": spaces around "=" split this override into separate words. ` +
          `postconf silently ignores it, the ${daemon} daemon refuses to start ("invalid -o option value"), and every -o after it is ` +
          `no longer read as an option. Write "-o ${quoteForMessage(inner)}=${quoteForMessage(meant)}" or "-o { ${quoteForMessage(inner)} = ${quoteForMessage(meant)} }".`
        : `"-o ${quoteForMessage(inner)}" has no "=": postconf silently ignores it and the ${daemon} daemon refuses to start ("invalid -o option value"). Write -o name=value.`;
      // The fragment of a word postconf split itself was reported above, as postconf's own misreading.
      if (!cur.split) add('malformed-override', 'error', message, logicalRange(ll, optStart, valEnd), id);
      continue;
    }
    argv.push(braced ? `${nv.name}=${nv.value}` : inner);
    overrides.push({
      name: nv.name,
      value: nv.value,
      nameRange: logicalRange(ll, innerStart + nv.nameAt, innerStart + nv.nameAt + nv.name.length),
      valueRange: logicalRange(ll, innerStart + nv.valueAt, innerStart + nv.valueAt + nv.value.length),
      range: logicalRange(ll, optStart, valEnd),
      braced,
      valueOffset: innerStart + nv.valueAt,
    });
  }
  // What follows the options: brace groups extracted (master(8) stops on a bad one), then whatever
  // the daemon makes of the rest (see daemonArguments()).
  for (let j = i; j < toks.length; j++) {
    const t = toks[j].text;
    if (t[0] === '{') {
      const ex = extractBraced(t);
      if (ex.error) {
        warnings.push({ line: ll.firstLine, text: `master.cf: ${ex.error}` });
        add('master-cf-syntax', 'error', `${braceProblem(ex.error)} in this argument: master(8) stops with this error when it reads master.cf.`, toks[j].range, id);
      }
      argv.push(ex.text);
    } else argv.push(t);
  }
  const rest = toks.slice(i < toks.length && toks[i].text === '--' ? i + 1 : i);
  checkDaemonArguments(command, rest, id, add);
  return { argv, overrides };
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

/** Reports an -o that the daemon does not read as an option because it comes after the options. */
function checkDaemonArguments(command: string, rest: { text: string; range: Range }[], id: string, add: AddFn) {
  const how = daemonArguments(command);
  if (how === null || rest.length === 0) return;
  const daemon = serviceForMessage(id);
  for (let j = 0; j < rest.length; j++) {
    // Only after "--" can an -o be the first of the rest: getopt took the "--".
    const first = j === 0 ? '--' : quoteForMessage(rest[0].text);
    const t = rest[j].text;
    // pipe(8)/spawn(8): "argv=" ends the attributes; the words after it are the command's own.
    if (how === 'attributes' && t.slice(0, 5).toLowerCase() === 'argv=') return;
    if (!t.startsWith('-o')) continue;
    if (how === 'attributes') {
      add(
        'malformed-override',
        'error',
        `This "-o" comes after "${first}", where the options end: the ${daemon} service reads it as an attribute and stops ("unknown attribute name: ${quoteForMessage(t)}"). Put the -o before the attributes (flags=, user=, argv=).`,
        rest[j].range,
        id,
      );
    } else {
      add(
        'malformed-override',
        how === 'fatal' ? 'error' : 'warning',
        how === 'fatal'
          ? `This "-o" comes after "${first}", where the options end, so it is not read as a parameter override; the ${daemon} daemon takes no other arguments and stops ("unexpected command-line argument: ${first}").`
          : `This "-o" comes after "${first}", where the options end, so the ${daemon} daemon ignores it: it is not read as a parameter override. Put it before "${first}".`,
        rest[j].range,
        id,
      );
    }
  }
}
