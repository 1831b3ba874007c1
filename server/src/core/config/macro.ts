// $name expansion exactly as Postfix's mac_parse() and mac_expand() do it (Postfix 3.7), including
// its error cases, its nesting limit ("unreasonable macro call nesting" beyond 100 levels) and the
// compatibility-level operators (<level, ==level, ...) that postconf registers. Forms:
//   $name  ${name}  $(name)  $$  ${name?text}  ${name:text}  ${name?{text}}  ${name:{text}}
//   ${name?{a}:{b}}  ${{a} == {b}}  ${{a} != {b} ? {x} : {y}}  (==, !=, <, <=, >, >=, numeric when
//   both sides are all digits, else byte order)
// Where Postfix would recurse forever (a cycle through a relational operand makes postconf 3.7 crash)
// or expand exponentially, we stop with an error instead; `crashed`/`tooLarge` say which.
// All offsets are UTF-16 indices into the text being expanded.

import { allDigits, compareBytes, isAlnumCode, skipSpace } from './c-string';
import { compatLevelValue, LONG_MAX } from './compat-level';
import { CH_DOLLAR, CH_LBRACE, CH_LPAREN, CH_RBRACE, CH_RPAREN, forEachPlainRef, nameEnd, plainNameStart, unescapeDollars } from './macro-plain';

/** The status bits of mac_parse() and mac_expand() (mac_parse.h). */
export const MAC_PARSE_ERROR = 1;
export const MAC_PARSE_UNDEF = 2;

const CH_QUESTION = 0x3f; // ?
const CH_COLON = 0x3a; // :
/** What mac_expand_callback() calls `ch` at the end of the text (C's terminating NUL). */
const CH_END = 0;

const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;

/** mac_expand_callback()'s limit: "unreasonable macro call nesting" past this level. */
const MAC_EXP_MAX_NESTING = 100;

export type LookupMode = 'use' | 'test';

/** Returns the value of `name`, or null when it is undefined. */
export type LookupFn = (name: string, mode: LookupMode) => string | null;

export interface MacroReference {
  name: string;
  /** Offsets of the name itself within the top-level text. */
  start: number;
  end: number;
  /** Offsets of the whole reference (`$name`, `${...}`). */
  refStart: number;
  refEnd: number;
}

export interface MacroProblem {
  message: string;
  /** Offset in the top-level text where the problem is, when it is in that text. */
  at?: number;
  kind: 'syntax' | 'compat-level' | 'nesting' | 'cycle' | 'too-large' | 'fatal';
}

export interface ExpandOptions {
  /** MAC_EXP_FLAG_SCAN: visit every reference in every branch, produce no text. */
  scan?: boolean;
  /** MAC_EXP_FLAG_RECURSE: expand $name in looked-up values too. */
  recurse?: boolean;
  lookup: LookupFn;
  /**
   * Called for each reference found in the top-level text (not in looked-up values): the name and
   * the offsets of the name, then of the whole reference.
   */
  onReference?: (name: string, start: number, end: number, refStart: number, refEnd: number) => void;
  /**
   * Called for each problem when it is found, in the order postconf prints its warnings, so that a
   * caller whose lookups print warnings too (postconf's scan for undefined names) can interleave them.
   */
  onProblem?: (p: MacroProblem) => void;
  /** Work limits that keep a hostile value from hanging us. */
  maxSteps?: number;
  maxOutput?: number;
  /**
   * Expansions of names already done with this same lookup, reused when they cannot change the
   * outcome: only error-free results are kept, with the nesting depth they need, and one is reused
   * only where that depth stays within Postfix's limit. Keeps "$a$a" chains linear.
   */
  memo?: Map<string, MemoEntry>;
}

export interface MemoEntry {
  value: string;
  /** Deepest nesting below the reference, relative to it. */
  height: number;
  status: number;
}

export interface ExpandResult {
  value: string;
  status: number;
  problems: MacroProblem[];
  /** A reference cycle we noticed, as the chain of names (first repeated at the end). */
  cycle?: string[];
  /** True where postconf would not finish (it would crash on unbounded recursion). */
  crashed: boolean;
  tooLarge: boolean;
  /** True where the nesting (not a loop) went beyond what we expand; postconf may still manage. */
  tooDeep: boolean;
  /** postconf exits at once on these (mac_exp_eval: bad conversion). */
  fatal?: string;
}

// Shared across nested contexts of one top-level expansion.
interface Shared {
  opts: ExpandOptions;
  problems: MacroProblem[];
  stack: string[];
  steps: number;
  maxSteps: number;
  maxOutput: number;
  outLength: number;
  depth: number;
  cycle?: string[];
  crashed: boolean;
  tooLarge: boolean;
  tooDeep: boolean;
  fatal?: string;
}

// One mac_expand() call's context.
interface Ctx {
  sh: Shared;
  out: string;
  status: number;
  level: number;
  /** Highest entry level of any callback seen (for memo heights). */
  maxEntry: number;
}

// Nesting across relational operands, where Postfix's own limit of 100 starts again at 0. Postfix
// itself goes as deep as its C stack allows (and crashes on a loop); we stop here, well inside
// JavaScript's stack, and say whether it was a loop (postconf crashes too) or only deep.
const MAX_TOTAL_DEPTH = 400;
/** The characters mac_exp_parse_relational() reads an operator from (its strspn() set). */
const OPERATOR_CHARS = '<>!=?+-*/~&|%';
const OPS = new Set(['==', '!=', '<', '<=', '>=', '>']);
/** MAC_EXP_OP_STR_ANY as mac_expand.c spells it: its string pasting doubles some quotes. */
const OPERATOR_EXPECTED = '"==" or "!="" or "<"" or "<="" or ">="" or ">"';

const NO_PROBLEMS: MacroProblem[] = [];

/**
 * Recursive expansion of a value whose references are all plain ($name, ${name}, $(name)) and
 * already expanded once in this model (memo), with room below Postfix's nesting limit: the result
 * is the literal text with each reference replaced. Null when any of that does not hold (nothing
 * has been looked up then, so the general expander starts from scratch).
 */
function expandSimple(text: string, memo: Map<string, MemoEntry>, maxOutput: number): { value: string; status: number } | null {
  let out = '';
  let last = 0;
  let status = 0;
  const plain = forEachPlainRef(text, (nameStart, nameEnd, refStart, refEnd) => {
    const hit = memo.get(text.slice(nameStart, nameEnd));
    if (!hit || !fitsBelowLimit(0, hit.height)) return false;
    out += unescapeDollars(text.slice(last, refStart)) + hit.value;
    status |= hit.status;
    last = refEnd;
    return out.length <= maxOutput; // else let the general expander report it
  });
  if (!plain) return null;
  const value = last === 0 ? unescapeDollars(text) : out + unescapeDollars(text.slice(last));
  return value.length > maxOutput ? null : { value, status };
}

/**
 * Scan mode where every "$" is "$$" or a plain reference: report the references directly. Returns
 * false (having reported nothing) for anything else, which the general scanner then handles.
 */
function scanSimple(text: string, opts: ExpandOptions): boolean {
  if (!forEachPlainRef(text, () => true)) return false;
  forEachPlainRef(text, (nameStart, nameEnd, refStart, refEnd) => {
    const name = text.slice(nameStart, nameEnd);
    opts.onReference?.(name, nameStart, nameEnd, refStart, refEnd);
    opts.lookup(name, 'use');
    return true;
  });
  return true;
}

function plainResult(value: string, status: number): ExpandResult {
  return { value, status, problems: NO_PROBLEMS, crashed: false, tooLarge: false, tooDeep: false };
}

export function expandMacros(text: string, opts: ExpandOptions): ExpandResult {
  const maxOutput = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
  // Text without "$" is literal: mac_expand() would copy it unchanged.
  if (text.indexOf('$') === -1 && (opts.scan || text.length <= maxOutput)) return plainResult(opts.scan ? '' : text, 0);
  if (opts.scan && scanSimple(text, opts)) return plainResult('', 0);
  if (opts.recurse && opts.memo && !opts.scan && !opts.onReference) {
    const v = expandSimple(text, opts.memo, maxOutput);
    if (v !== null) return plainResult(v.value, v.status);
  }
  const sh: Shared = {
    opts,
    problems: [],
    stack: [],
    steps: 0,
    maxSteps: opts.maxSteps ?? 2_000_000,
    maxOutput,
    outLength: 0,
    depth: 0,
    crashed: false,
    tooLarge: false,
    tooDeep: false,
  };
  const ctx: Ctx = { sh, out: '', status: 0, level: 0, maxEntry: -1 };
  // Nesting deeper than our limit can be seen from the text alone, in linear time: refuse at once
  // rather than after quadratic work (a hostile value must not stall the editor).
  if (text.length > MAX_TOTAL_DEPTH * 2 && braceDepth(text) > MAX_TOTAL_DEPTH) {
    sh.tooDeep = true;
    problem(ctx, 'nesting', `expressions nest more than ${MAX_TOTAL_DEPTH} levels deep`, 0);
    return { value: '', status: ctx.status, problems: sh.problems, crashed: false, tooLarge: false, tooDeep: true };
  }
  try {
    macParse(ctx, text, 0);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // The JavaScript stack ran out before our own depth limit: report it like that limit.
    sh.tooDeep = true;
    ctx.status |= MAC_PARSE_ERROR;
    report(sh, { message: 'expressions nest too deeply to expand', kind: 'nesting' });
  }
  return {
    value: ctx.out,
    status: ctx.status,
    problems: sh.problems,
    cycle: sh.cycle,
    crashed: sh.crashed,
    tooLarge: sh.tooLarge,
    tooDeep: sh.tooDeep,
    fatal: sh.fatal,
  };
}

function report(sh: Shared, p: MacroProblem): void {
  sh.problems.push(p);
  sh.opts.onProblem?.(p);
}

function problem(ctx: Ctx, kind: MacroProblem['kind'], message: string, at: number | undefined): number {
  report(ctx.sh, { message, at, kind });
  return (ctx.status |= MAC_PARSE_ERROR);
}

/**
 * mac_parse(): split text into literal text and $-expressions and hand each to the callback.
 * `base` is the offset of `text` in the top-level text, or -1 when the text is a looked-up value.
 */
function macParse(ctx: Ctx, text: string, base: number): number {
  let status = 0;
  let lit = '';
  // In scan mode literal text is only visited (for the nesting count), never kept: do not build it.
  const scan = !!ctx.sh.opts.scan;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const d = text.indexOf('$', i);
    if (d === -1) {
      lit = scan ? '-' : lit + text.slice(i);
      break;
    }
    if (d > i) lit = scan ? '-' : lit + text.slice(i, d);
    if (text.charCodeAt(d + 1) === CH_DOLLAR) {
      lit = scan ? '-' : lit + '$';
      i = d + 2;
      continue;
    }
    if (lit.length > 0) {
      status |= callback(ctx, false, lit, -1, -1, -1);
      lit = '';
    }
    const nameStart = plainNameStart(text, d);
    let end: number;
    if (nameStart === d + 2) {
      // ${...} or $(...): up to the matching close, the same kind of parenthesis counted.
      const open = text.charCodeAt(d + 1);
      const close = open === CH_LBRACE ? CH_RBRACE : CH_RPAREN;
      let level = 1;
      let ep = nameStart;
      for (; ep < n; ep++) {
        const c = text.charCodeAt(ep);
        if (c === open) level++;
        else if (c === close && --level === 0) break;
      }
      if (level > 0) {
        status |= problem(ctx, 'syntax', `truncated macro reference: "${clip(text)}"`, atOf(base, d));
        break;
      }
      // mac_parse() checks its status here, callbacks' errors included: after an error, a ${...}
      // or $(...) ends the text silently (a plain $name does not).
      if (status & MAC_PARSE_ERROR) break;
      end = ep;
      i = ep + 1;
    } else {
      end = nameEnd(text, nameStart);
      i = end;
    }
    if (end === nameStart) {
      status |= problem(ctx, 'syntax', `empty macro name: "${clip(text)}"`, atOf(base, d));
      break;
    }
    const name = text.slice(nameStart, end);
    status |= base >= 0 ? callback(ctx, true, name, base + nameStart, base + d, base + i) : callback(ctx, true, name, -1, -1, -1);
  }
  if (lit.length > 0 && (status & MAC_PARSE_ERROR) === 0) status |= callback(ctx, false, lit, -1, -1, -1);
  return status;
}

/** mac_exp_extract_curly_payload(): `at` is the '{'. Returns payload bounds and the offset after '}' + blanks. */
function extractCurly(ctx: Ctx, s: string, at: number, base: number): { start: number; end: number; next: number } | null {
  let level = 1;
  let i = at + 1;
  for (;;) {
    if (i >= s.length) {
      problem(ctx, 'syntax', `unbalanced {} in attribute expression: "${clip(s.slice(at))}"`, atOf(base, at));
      return null;
    }
    const c = s.charCodeAt(i);
    if (c === CH_LBRACE) level++;
    else if (c === CH_RBRACE && --level <= 0) break;
    i++;
  }
  return { start: at + 1, end: i, next: skipSpace(s, i + 1) };
}

/** Offset of a '{' after optional blanks at `from`, or -1 (MAC_EXP_FIND_LEFT_CURLY). */
function findLeftCurly(s: string, from: number): number {
  const j = skipSpace(s, from);
  return s.charCodeAt(j) === CH_LBRACE ? j : -1;
}

/**
 * The operand after "?" or ":": a {...} (blanks around it skipped), or else the rest of the text.
 * Returns its bounds and where reading goes on, or null after an unbalanced {.
 */
function resultOperand(ctx: Ctx, s: string, cp: number, start: number): [number, number, number] | null {
  const lc = findLeftCurly(s, cp);
  if (lc === -1) return [cp, s.length, s.length];
  const p = extractCurly(ctx, s, lc, start);
  return p ? [p.start, p.end, p.next] : null;
}

/** Offset in the top-level text, when `start` says the text is part of it. */
function atOf(start: number, i: number): number | undefined {
  return start >= 0 ? start + i : undefined;
}

/** The same as a base for a part of the text: -1 when the text is not part of the top-level text. */
function offsetIn(start: number, i: number): number {
  return start >= 0 ? start + i : -1;
}

/**
 * Texts quoted in problem messages, whole as postconf quotes them (its "%s"), up to a bound that no
 * real value reaches: a hostile value can be megabytes long. Whoever shows a message to a person
 * shortens it further.
 */
export const MESSAGE_TEXT_LIMIT = 16 * 1024;

function clip(s: string): string {
  return s.length > MESSAGE_TEXT_LIMIT ? s.slice(0, MESSAGE_TEXT_LIMIT) + '...' : s;
}

function snippet(s: string, from: number): string {
  return s.slice(from, from + 20);
}

/** mac_expand_callback(). `start` is the top-level offset of `text` (or -1). */
function callback(ctx: Ctx, isExpr: boolean, text: string, start: number, refStart: number, refEnd: number): number {
  const sh = ctx.sh;
  if (++sh.steps > sh.maxSteps) {
    if (!sh.tooLarge) {
      sh.tooLarge = true;
      problem(ctx, 'too-large', 'expansion needs too much work (exponential growth of references)', undefined);
    }
    return (ctx.status |= MAC_PARSE_ERROR);
  }
  const entry = ctx.level;
  if (entry > ctx.maxEntry) ctx.maxEntry = entry;
  if (ctx.level++ > MAC_EXP_MAX_NESTING) problem(ctx, 'nesting', `unreasonable macro call nesting: "${clip(text)}"`, atOf(start, 0));
  if (ctx.status & MAC_PARSE_ERROR) return ctx.status;

  if (!isExpr) {
    if (!sh.opts.scan) emit(ctx, text);
    ctx.level--;
    return ctx.status;
  }

  return expression(ctx, text, start, refStart, refEnd, entry);
}

/** Whether a result `height` levels deep, reused at nesting level `entry`, stays within Postfix's limit. */
function fitsBelowLimit(entry: number, height: number): boolean {
  return entry + 1 + height <= MAC_EXP_MAX_NESTING;
}

/**
 * Runs `expand` (which appends to ctx.out) with its own status and nesting height, then adds both
 * to the context's; keeps the result in `memo` under `key` when it can be reused: no error, and no
 * limit of ours reached.
 */
function remembered(ctx: Ctx, memo: Map<string, MemoEntry>, key: string, entry: number, expand: () => void): void {
  const sh = ctx.sh;
  const savedStatus = ctx.status;
  const savedMax = ctx.maxEntry;
  const outStart = ctx.out.length;
  ctx.status = 0;
  ctx.maxEntry = -1;
  expand();
  const subStatus = ctx.status;
  const subMax = ctx.maxEntry;
  ctx.status = savedStatus | subStatus;
  ctx.maxEntry = Math.max(savedMax, subMax);
  if (subStatus & MAC_PARSE_ERROR || sh.tooLarge || sh.crashed || sh.tooDeep) return;
  memo.set(key, { value: ctx.out.slice(outStart), height: Math.max(-1, subMax - (entry + 1)), status: subStatus });
}

/**
 * A memoised expansion, as if expanded again at nesting level `entry`, when there is one and doing
 * so could not reach Postfix's nesting limit from here.
 */
function replayed(ctx: Ctx, hit: MemoEntry | undefined, entry: number): boolean {
  if (!hit || !fitsBelowLimit(entry, hit.height)) return false;
  if (entry + 1 + hit.height > ctx.maxEntry) ctx.maxEntry = entry + 1 + hit.height;
  if (hit.value.length > 0) emit(ctx, hit.value);
  ctx.status |= hit.status;
  return true;
}

/** The ${...} or $name part of mac_expand_callback(), after the nesting check. */
function expression(ctx: Ctx, text: string, start: number, refStart: number, refEnd: number, entry: number): number {
  const sh = ctx.sh;
  const s = text;
  const n = s.length;
  let cp: number;
  let ch: number; // CH_END, CH_QUESTION or CH_COLON
  let lookup: string | null;

  const lc = findLeftCurly(s, 0);
  if (lc !== -1) {
    const r = relational(ctx, s, lc, start);
    if (r === null) return ctx.status;
    lookup = r.lookup;
    cp = r.next;
    ch = cp < n ? s.charCodeAt(cp) : CH_END;
    if (ch !== CH_END) {
      if (ch !== CH_QUESTION && ch !== CH_COLON) {
        return problem(ctx, 'syntax', `"?" or ":" expected at: "...}>>>${snippet(s, cp)}"`, atOf(start, cp));
      }
      cp++;
    }
  } else {
    // The name, then optional blanks and "?" or ":" or the end.
    const nameStart = skipSpace(s, 0);
    cp = nameEnd(s, nameStart);
    const t = skipSpace(s, cp);
    ch = t < n ? s.charCodeAt(t) : CH_END;
    if (ch !== CH_END && ch !== CH_QUESTION && ch !== CH_COLON) {
      return problem(ctx, 'syntax', `attribute name syntax error at: "...${clip(s.slice(0, cp))}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
    const name = s.slice(nameStart, cp);
    if (ch !== CH_END) cp = t + 1;
    if (start >= 0) sh.opts.onReference?.(name, start + nameStart, start + nameStart + name.length, refStart, refEnd);
    lookup = sh.opts.lookup(name, ch === CH_END ? 'use' : 'test');
    if (ch === CH_END && lookup !== null && lookup.length > 0 && !sh.opts.scan && sh.opts.recurse) {
      // Plain $name with recursion: expand the looked-up value in this same context.
      const cyc = sh.stack.indexOf(name);
      if (cyc !== -1 && !sh.cycle) sh.cycle = [...sh.stack.slice(cyc), name];
      if (++sh.depth > MAX_TOTAL_DEPTH) {
        sh.depth--;
        return depthExceeded(ctx, atOf(start, nameStart));
      }
      if (replayed(ctx, sh.opts.memo?.get(name), entry)) {
        sh.depth--;
        ctx.level--;
        return ctx.status;
      }
      if (lookup.length > MAX_TOTAL_DEPTH * 2 && braceDepth(lookup) > MAX_TOTAL_DEPTH) {
        sh.tooDeep = true;
        return problem(ctx, 'nesting', `the value of ${name} nests expressions more than ${MAX_TOTAL_DEPTH} levels deep`, atOf(start, nameStart));
      }
      const value = lookup;
      const expand = () => {
        sh.stack.push(name);
        macParse(ctx, value, -1);
        sh.stack.pop();
      };
      if (sh.opts.memo) remembered(ctx, sh.opts.memo, name, entry, expand);
      else expand();
      sh.depth--;
      ctx.level--;
      return ctx.status;
    }
  }

  const scan = !!sh.opts.scan;
  if (ch === CH_QUESTION) {
    const t = resultOperand(ctx, s, cp, start);
    if (!t) return ctx.status;
    const [tStart, tEnd] = t;
    cp = t[2];
    if ((lookup !== null && lookup.length > 0) || scan) ctx.status |= macParse(ctx, s.slice(tStart, tEnd), offsetIn(start, tStart));
    if (cp >= n) {
      ctx.level--;
      return ctx.status;
    }
    if (s.charCodeAt(cp) !== CH_COLON) {
      return problem(ctx, 'syntax', `":" expected at: "...${clip(s.slice(tStart, tEnd))}}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
    cp += 1;
    ch = CH_COLON;
  }
  if (ch === CH_COLON) {
    const f = resultOperand(ctx, s, cp, start);
    if (!f) return ctx.status;
    const [fStart, fEnd] = f;
    cp = f[2];
    if (lookup === null || lookup.length === 0 || scan) ctx.status |= macParse(ctx, s.slice(fStart, fEnd), offsetIn(start, fStart));
    if (cp < n) {
      return problem(ctx, 'syntax', `unexpected input at: "...${clip(s.slice(fStart, fEnd))}}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
  } else if (ch === CH_END) {
    if (lookup === null) ctx.status |= MAC_PARSE_UNDEF;
    else if (lookup.length === 0 || scan) {
      /* nothing */
    } else if (sh.opts.recurse) {
      // Only relational results reach here ("true"): parse them like Postfix does.
      ctx.status |= macParse(ctx, lookup, -1);
    } else emit(ctx, lookup);
  }
  ctx.level--;
  return ctx.status;
}

function emit(ctx: Ctx, text: string) {
  const sh = ctx.sh;
  sh.outLength += text.length;
  if (sh.outLength > sh.maxOutput) {
    if (!sh.tooLarge) {
      sh.tooLarge = true;
      problem(ctx, 'too-large', 'expanded value is too large', undefined);
    }
    ctx.status |= MAC_PARSE_ERROR;
    return;
  }
  ctx.out += text;
}

/** mac_exp_parse_relational(): `lc` is the left operand's '{'. */
function relational(ctx: Ctx, s: string, lc: number, start: number): { lookup: string | null; next: number } | null {
  const sh = ctx.sh;
  const left = extractCurly(ctx, s, lc, start);
  if (!left) return null;
  let cp = left.next;
  const opPos = cp;
  while (cp < s.length && OPERATOR_CHARS.includes(s[cp]!)) cp++;
  const op = s.slice(opPos, cp);
  if (!OPS.has(op)) {
    problem(ctx, 'syntax', `${OPERATOR_EXPECTED} expected at: "...${clip(s.slice(left.start, left.end))}}>>>${snippet(s, opPos)}"`, atOf(start, opPos));
    return null;
  }
  let compat = false;
  if (cp < s.length && isAlnumCode(s.charCodeAt(cp))) {
    const sfx = cp;
    while (cp < s.length && isAlnumCode(s.charCodeAt(cp))) cp++;
    if (s.slice(sfx, cp) !== 'level') {
      problem(ctx, 'syntax', `bad operator suffix at: "...${op}>>>${s.slice(sfx, cp)}"`, atOf(start, sfx));
      return null;
    }
    compat = true;
  }
  const rc = findLeftCurly(s, cp);
  if (rc === -1) {
    problem(ctx, 'syntax', `"{expression}" expected at: "...{${clip(s.slice(left.start, left.end))}} ${op}>>>${snippet(s, cp)}"`, atOf(start, cp));
    return null;
  }
  const right = extractCurly(ctx, s, rc, start);
  if (!right) return null;

  // Each operand is expanded by a fresh mac_expand() call: its nesting level starts again at 0.
  const operand = (a: number, b: number): string => {
    const dollar = s.indexOf('$', a);
    if (dollar === -1 || dollar >= b) return s.slice(a, b); // literal: no callbacks needed
    if (++sh.depth > MAX_TOTAL_DEPTH) {
      sh.depth--;
      depthExceeded(ctx, atOf(start, a));
      return '';
    }
    const sub: Ctx = { sh, out: '', status: 0, level: 0, maxEntry: -1 };
    macParse(sub, s.slice(a, b), offsetIn(start, a));
    sh.depth--;
    ctx.status |= sub.status;
    return sub.out;
  };
  const lv = operand(left.start, left.end);
  const rv = operand(right.start, right.end);
  let result: boolean | null = null;
  // Compared even when an operand had an error: mac_exp_parse_relational() does (its warnings show).
  if (!sh.opts.scan && !sh.crashed && !sh.tooDeep) {
    result = compat ? compatCompare(ctx, lv, op, rv, atOf(start, lc)) : compare(ctx, lv, op, rv);
    if (result === null) ctx.status |= MAC_PARSE_ERROR;
  }
  if (ctx.status & MAC_PARSE_ERROR) return null;
  return { lookup: sh.opts.scan ? null : result ? 'true' : '', next: right.next };
}

/** Deepest nesting of balanced {} or () in the text (0 when the braces do not balance). */
function braceDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let open = 0;
  let close = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_LBRACE || c === CH_LPAREN) {
      open++;
      if (++depth > max) max = depth;
    } else if (c === CH_RBRACE || c === CH_RPAREN) {
      close++;
      if (depth > 0) depth--;
    }
  }
  return open === close ? max : 0;
}

/** Our depth limit: a loop when a name repeats on the expansion stack (postconf crashes), else only deep. */
function depthExceeded(ctx: Ctx, at: number | undefined): number {
  const sh = ctx.sh;
  if (sh.crashed || sh.tooDeep) return (ctx.status |= MAC_PARSE_ERROR);
  const seen = new Set<string>();
  const repeated = sh.stack.find((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (repeated !== undefined) {
    sh.crashed = true;
    if (!sh.cycle) {
      const first = sh.stack.indexOf(repeated);
      const second = sh.stack.indexOf(repeated, first + 1);
      sh.cycle = sh.stack.slice(first, second + 1);
    }
    return problem(ctx, 'cycle', `reference cycle through "${repeated}" inside a relational expression (postconf 3.7 crashes on this)`, at);
  }
  sh.tooDeep = true;
  return problem(ctx, 'nesting', `expressions nest more than ${MAX_TOTAL_DEPTH} levels deep`, at);
}

function relop(delta: number | bigint, op: string): boolean {
  const d = typeof delta === 'bigint' ? (delta === 0n ? 0 : delta < 0n ? -1 : 1) : delta;
  switch (op) {
    case '==':
      return d === 0;
    case '!=':
      return d !== 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>=':
      return d >= 0;
    default:
      return d > 0;
  }
}


/** mac_exp_eval(): numeric when both sides are all digits, else strcmp(). */
function compare(ctx: Ctx, l: string, op: string, r: string): boolean | null {
  if (allDigits(l) && allDigits(r)) {
    // Exact in doubles up to 15 digits; beyond that BigInt (and postconf's own overflow check).
    if (l.length <= 15 && r.length <= 15) return relop(Number(l) - Number(r), op);
    const a = BigInt(l);
    const b = BigInt(r);
    if (a > LONG_MAX || b > LONG_MAX) {
      const bad = a > LONG_MAX ? l : r;
      ctx.sh.fatal ??= `mac_exp_eval: bad conversion: ${bad}`;
      problem(ctx, 'fatal', `number too large to compare: ${bad}`, undefined);
      return null;
    }
    return relop(a - b, op);
  }
  return relop(compareBytes(l, r), op);
}

/** compat_relop_eval(); `at` is the relational expression's first "{" when it is in the top-level text. */
function compatCompare(ctx: Ctx, l: string, op: string, r: string, at: number | undefined): boolean | null {
  const a = compatLevelValue(l);
  const b = a === null ? null : compatLevelValue(r);
  if (a === null || b === null) {
    problem(ctx, 'compat-level', `malformed compatibility level syntax: "${clip(a === null ? l : r)}"`, at);
    return null;
  }
  return relop(a - b, op);
}

/** Every $name reference in a value (all branches), with offsets, and the syntax problems. */
export function scanReferences(text: string): { refs: MacroReference[]; problems: MacroProblem[] } {
  const refs: MacroReference[] = [];
  const r = expandMacros(text, {
    scan: true,
    lookup: () => null,
    onReference: (name, start, end, refStart, refEnd) => refs.push({ name, start, end, refStart, refEnd }),
  });
  return { refs, problems: r.problems };
}
