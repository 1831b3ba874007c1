// $name expansion exactly as Postfix's mac_parse() and mac_expand() do it (Postfix 3.7), including
// its error cases, its nesting limit ("unreasonable macro call nesting" beyond 100 levels) and the
// compatibility-level operators (<level, ==level, ...) that postconf registers. Forms:
//   $name  ${name}  $(name)  $$  ${name?text}  ${name:text}  ${name?{text}}  ${name:{text}}
//   ${name?{a}:{b}}  ${{a} == {b}}  ${{a} != {b} ? {x} : {y}}  (==, !=, <, <=, >, >=, numeric when
//   both sides are all digits, else byte order)
// Where Postfix would recurse forever (a cycle through a relational operand makes postconf 3.7 crash)
// or expand exponentially, we stop with an error instead; `crashed`/`tooLarge` say which.
// All offsets are UTF-16 indices into the text being expanded.

import { allDigits, compareBytes, isAlnumCode, isSpaceCode, skipSpace } from './c-string';

export const MAC_ERROR = 1;
export const MAC_UNDEF = 2;

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
  /** The same for whole ${...} expressions, keyed by their text. */
  exprMemo?: Map<string, MemoEntry>;
  /**
   * Scan mode: the references each ${...} text contains (names, offsets relative to the text, lookup
   * mode) so that the same text elsewhere is replayed instead of parsed. Scanning does not depend on
   * what lookups return, so one map serves every scope.
   */
  scanMemo?: Map<string, ScanMemoEntry>;
}

export interface ScanMemoEntry {
  /** name, start, end, refStart, refEnd (relative to the text), mode ('use' | 'test'). */
  refs: [string, number, number, number, number, LookupMode][];
  height: number;
}

interface Recorder {
  base: number;
  refs: ScanMemoEntry['refs'];
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
  recorders: Recorder[];
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
/** strspn(cp, "<>!=?+-*\/~&|%"): the characters an operator is read from. */
function isOpChar(c: number): boolean {
  return c === 60 || c === 62 || c === 33 || c === 61 || c === 63 || c === 43 || c === 45 || c === 42 || c === 47 || c === 126 || c === 38 || c === 124 || c === 37;
}
const OPS = new Set(['==', '!=', '<', '<=', '>=', '>']);
/** MAC_EXP_OP_STR_ANY as mac_expand.c spells it: its string pasting doubles some quotes. */
const OPERATOR_EXPECTED = '"==" or "!="" or "<"" or "<="" or ">="" or ">"';

const NO_PROBLEMS: MacroProblem[] = [];

const isNameCode = (c: number) => isAlnumCode(c) || c === 95;

/**
 * Recursive expansion of a value whose references are all plain ($name, ${name}, $(name)) and
 * already expanded once in this model (memo), with room below Postfix's nesting limit: the result
 * is the literal text with each reference replaced. Null when any of that does not hold (nothing
 * has been looked up then, so the general expander starts from scratch).
 */
function expandSimple(text: string, memo: Map<string, MemoEntry>, maxOutput: number): { value: string; status: number } | null {
  const n = text.length;
  let out = '';
  let last = 0;
  let status = 0;
  for (let d = text.indexOf('$'); d !== -1; d = text.indexOf('$', d)) {
    const c = text.charCodeAt(d + 1);
    if (c === 36) {
      out += text.slice(last, d + 1);
      d += 2;
      last = d;
      continue;
    }
    const braced = c === 123 || c === 40;
    const ns = braced ? d + 2 : d + 1;
    let e = ns;
    while (e < n && isNameCode(text.charCodeAt(e))) e++;
    if (e === ns) return null;
    if (braced && (e >= n || text.charCodeAt(e) !== (c === 123 ? 125 : 41))) return null;
    const hit = memo.get(text.slice(ns, e));
    // A reference is expanded one level down (1) and its value's own depth (height) below that.
    if (!hit || 1 + hit.height > 100) return null;
    out += text.slice(last, d) + hit.value;
    if (out.length > maxOutput) return null; // let the general expander report it
    status |= hit.status;
    d = braced ? e + 1 : e;
    last = d;
  }
  const value = last === 0 ? text : out + text.slice(last);
  return value.length > maxOutput ? null : { value, status };
}

/**
 * Scan mode for the common case where every "$" is "$$", "$name", "${name}" or "$(name)": report
 * the references directly, without the general machinery. Returns false (having reported nothing)
 * for anything else, which the general scanner then handles, errors included.
 */
function scanSimple(text: string, opts: ExpandOptions): boolean {
  const n = text.length;
  // First pass: is it simple?
  for (let d = text.indexOf('$'); d !== -1; d = text.indexOf('$', d)) {
    const c = text.charCodeAt(d + 1);
    if (c === 36) {
      d += 2;
      continue;
    }
    if (c === 123 || c === 40) {
      const close = c === 123 ? 125 : 41;
      let e = d + 2;
      while (e < n && isNameCode(text.charCodeAt(e))) e++;
      if (e === d + 2 || e >= n || text.charCodeAt(e) !== close) return false;
      d = e + 1;
      continue;
    }
    if (!isNameCode(c)) return false;
    d += 2;
    while (d < n && isNameCode(text.charCodeAt(d))) d++;
  }
  // Second pass: report.
  for (let d = text.indexOf('$'); d !== -1; d = text.indexOf('$', d)) {
    const c = text.charCodeAt(d + 1);
    if (c === 36) {
      d += 2;
      continue;
    }
    const braced = c === 123 || c === 40;
    const ns = braced ? d + 2 : d + 1;
    let e = ns;
    while (e < n && isNameCode(text.charCodeAt(e))) e++;
    const name = text.slice(ns, e);
    const refEnd = braced ? e + 1 : e;
    opts.onReference?.(name, ns, e, d, refEnd);
    opts.lookup(name, 'use');
    d = refEnd;
  }
  return true;
}

export function expandMacros(text: string, opts: ExpandOptions): ExpandResult {
  // Text without "$" is literal: mac_expand() would copy it unchanged.
  if (text.indexOf('$') === -1 && (opts.scan || text.length <= (opts.maxOutput ?? 8 * 1024 * 1024))) {
    return { value: opts.scan ? '' : text, status: 0, problems: NO_PROBLEMS, crashed: false, tooLarge: false, tooDeep: false };
  }
  if (opts.scan && scanSimple(text, opts)) return { value: '', status: 0, problems: NO_PROBLEMS, crashed: false, tooLarge: false, tooDeep: false };
  if (opts.recurse && opts.memo && !opts.scan && !opts.onReference) {
    const v = expandSimple(text, opts.memo, opts.maxOutput ?? 8 * 1024 * 1024);
    if (v !== null) return { value: v.value, status: v.status, problems: NO_PROBLEMS, crashed: false, tooLarge: false, tooDeep: false };
  }
  const sh: Shared = {
    opts,
    problems: [],
    stack: [],
    steps: 0,
    maxSteps: opts.maxSteps ?? 2_000_000,
    maxOutput: opts.maxOutput ?? 8 * 1024 * 1024,
    outLength: 0,
    depth: 0,
    crashed: false,
    tooLarge: false,
    tooDeep: false,
    recorders: [],
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
    ctx.status |= MAC_ERROR;
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
  return (ctx.status |= MAC_ERROR);
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
      if (i < n) lit = scan ? '-' : lit + text.slice(i);
      break;
    }
    if (d > i) lit = scan ? '-' : lit + text.slice(i, d);
    if (text.charCodeAt(d + 1) === 36 /* $$ */) {
      lit = scan ? '-' : lit + '$';
      i = d + 2;
      continue;
    }
    if (lit.length > 0) {
      status |= callback(ctx, false, lit, -1, -1, -1);
      lit = '';
    }
    let vp = d + 1;
    let name: string;
    let nameStart: number;
    let refEnd: number;
    const open = text.charCodeAt(vp);
    if (open === 123 /* { */ || open === 40 /* ( */) {
      const close = open === 123 ? 125 : 41;
      let level = 1;
      vp += 1;
      let ep = vp;
      let truncated = false;
      while (level > 0) {
        if (ep >= n) {
          truncated = true;
          break;
        }
        const c = text.charCodeAt(ep);
        if (c === open) level++;
        if (c === close) level--;
        ep++;
      }
      if (truncated) {
        report(ctx.sh, {
          message: `truncated macro reference: "${clip(text)}"`,
          at: base >= 0 ? base + d : undefined,
          kind: 'syntax',
        });
        ctx.status |= MAC_ERROR;
        status |= MAC_ERROR;
        break;
      }
      // mac_parse() checks its status here, callbacks' errors included: after an error, a ${...}
      // or $(...) ends the text silently (a plain $name does not).
      if (status & MAC_ERROR) break;
      name = text.slice(vp, ep - 1);
      nameStart = vp;
      refEnd = ep;
      i = ep;
    } else {
      let ep = vp;
      while (ep < n) {
        const c = text.charCodeAt(ep);
        if (!(isAlnumCode(c) || c === 95)) break;
        ep++;
      }
      name = text.slice(vp, ep);
      nameStart = vp;
      refEnd = ep;
      i = ep;
    }
    if (name.length === 0) {
      report(ctx.sh, {
        message: `empty macro name: "${clip(text)}"`,
        at: base >= 0 ? base + d : undefined,
        kind: 'syntax',
      });
      ctx.status |= MAC_ERROR;
      status |= MAC_ERROR;
      break;
    }
    status |= callback(ctx, true, name, base >= 0 ? base + nameStart : -1, base >= 0 ? base + d : -1, base >= 0 ? base + refEnd : -1);
  }
  if (lit.length > 0 && (status & MAC_ERROR) === 0) status |= callback(ctx, false, lit, -1, -1, -1);
  return status;
}

/** mac_exp_extract_curly_payload(): `at` is the '{'. Returns payload bounds and the offset after '}' + blanks. */
function extractCurly(ctx: Ctx, s: string, at: number, base: number): { start: number; end: number; next: number } | null {
  let level = 1;
  let i = at + 1;
  for (;;) {
    if (i >= s.length) {
      problem(ctx, 'syntax', `unbalanced {} in attribute expression: "${clip(s.slice(at))}"`, base >= 0 ? base + at : undefined);
      return null;
    }
    const c = s.charCodeAt(i);
    if (c === 123) level++;
    else if (c === 125 && --level <= 0) break;
    i++;
  }
  return { start: at + 1, end: i, next: skipSpace(s, i + 1) };
}

/** Offset of a '{' after optional blanks at `from`, or -1 (MAC_EXP_FIND_LEFT_CURLY). */
function findLeftCurly(s: string, from: number): number {
  const j = skipSpace(s, from);
  return s.charCodeAt(j) === 123 ? j : -1;
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
    return (ctx.status |= MAC_ERROR);
  }
  const entry = ctx.level;
  if (entry > ctx.maxEntry) ctx.maxEntry = entry;
  if (ctx.level++ > 100) problem(ctx, 'nesting', `unreasonable macro call nesting: "${clip(text)}"`, start >= 0 ? start : undefined);
  if (ctx.status & MAC_ERROR) return ctx.status;

  if (!isExpr) {
    if (!sh.opts.scan) emit(ctx, text);
    ctx.level--;
    return ctx.status;
  }

  // The same ${...} text expands to the same result everywhere in one model (lookups do not change),
  // as long as Postfix's nesting limit is not reached from here: reuse error-free results.
  if (sh.opts.scan) {
    const sm = sh.opts.scanMemo;
    if (!sm || start < 0) return expression(ctx, text, start, refStart, refEnd, entry);
    const hit = sm.get(text);
    if (hit && entry + 1 + hit.height <= 100) {
      if (entry + 1 + hit.height > ctx.maxEntry) ctx.maxEntry = entry + 1 + hit.height;
      for (const [name, a, b, c, d, mode] of hit.refs) {
        sh.opts.onReference?.(name, start + a, start + b, start + c, start + d);
        for (const r of sh.recorders) r.refs.push([name, start + a, start + b, start + c, start + d, mode]);
        sh.opts.lookup(name, mode);
      }
      ctx.level--;
      return ctx.status;
    }
    const rec: Recorder = { base: start, refs: [] };
    sh.recorders.push(rec);
    const savedMax = ctx.maxEntry;
    ctx.maxEntry = -1;
    expression(ctx, text, start, refStart, refEnd, entry);
    sh.recorders.pop();
    const subMax = ctx.maxEntry;
    ctx.maxEntry = Math.max(savedMax, subMax);
    if (!(ctx.status & MAC_ERROR) && !sh.tooDeep && !sh.crashed) {
      sm.set(text, {
        refs: rec.refs.map(([n, a, b, c, d, m]) => [n, a - start, b - start, c - start, d - start, m]),
        height: Math.max(-1, subMax - (entry + 1)),
      });
    }
    return ctx.status;
  }
  const memo = sh.opts.exprMemo;
  if (!memo || sh.opts.onReference) return expression(ctx, text, start, refStart, refEnd, entry);
  const key = text;
  const hit = memo.get(key);
  if (hit && entry + 1 + hit.height <= 100) {
    replay(ctx, hit, entry);
    ctx.level--;
    return ctx.status;
  }
  const savedStatus = ctx.status;
  const savedMax = ctx.maxEntry;
  const outStart = ctx.out.length;
  ctx.status = 0;
  ctx.maxEntry = -1;
  expression(ctx, text, start, refStart, refEnd, entry);
  const subStatus = ctx.status;
  const subMax = ctx.maxEntry;
  ctx.status = savedStatus | subStatus;
  ctx.maxEntry = Math.max(savedMax, subMax);
  if (!(subStatus & MAC_ERROR) && !sh.tooLarge && !sh.crashed && !sh.tooDeep) {
    memo.set(key, { value: ctx.out.slice(outStart), height: Math.max(-1, subMax - (entry + 1)), status: subStatus });
  }
  return ctx.status;
}

/** The ${...} or $name part of mac_expand_callback(), after the nesting check. */
function expression(ctx: Ctx, text: string, start: number, refStart: number, refEnd: number, entry: number): number {
  const sh = ctx.sh;
  const s = text;
  const n = s.length;
  let cp: number;
  let ch: number; // 0 = end of text, else '?' or ':'
  let lookup: string | null;

  const lc = findLeftCurly(s, 0);
  if (lc !== -1) {
    const r = relational(ctx, s, lc, start);
    if (r === null) return ctx.status;
    lookup = r.lookup;
    cp = r.next;
    ch = cp < n ? s.charCodeAt(cp) : 0;
    if (ch !== 0) {
      if (ch !== 63 && ch !== 58) {
        return problem(ctx, 'syntax', `"?" or ":" expected at: "...}>>>${snippet(s, cp)}"`, atOf(start, cp));
      }
      cp++;
    }
  } else {
    const nameStart = skipSpace(s, 0);
    cp = nameStart;
    let mode: 'use' | 'test';
    // The name runs over letters, digits and '_'; then optional blanks and "?" or ":" or the end.
    while (cp < n) {
      const c = s.charCodeAt(cp);
      if (isAlnumCode(c) || c === 95) cp++;
      else break;
    }
    const t = skipSpace(s, cp);
    const c = t < n ? s.charCodeAt(t) : 0;
    if (c === 0) {
      mode = 'use';
      ch = 0;
    } else if (c === 63 || c === 58) {
      mode = 'test';
      ch = c;
    } else {
      return problem(ctx, 'syntax', `attribute name syntax error at: "...${clip(s.slice(0, cp))}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
    const name = s.slice(nameStart, cp);
    if (ch !== 0) cp = t + 1;
    if (start >= 0 && sh.opts.onReference) sh.opts.onReference(name, start + nameStart, start + nameStart + name.length, refStart, refEnd);
    if (sh.recorders.length > 0 && start >= 0) {
      for (const r of sh.recorders) r.refs.push([name, start + nameStart, start + nameStart + name.length, refStart, refEnd, mode]);
    }
    lookup = sh.opts.lookup(name, mode);
    if (ch === 0 && lookup !== null && lookup.length > 0 && !sh.opts.scan && sh.opts.recurse) {
      // Plain $name with recursion: expand the looked-up value in this same context.
      const cyc = sh.stack.indexOf(name);
      if (cyc !== -1 && !sh.cycle) sh.cycle = [...sh.stack.slice(cyc), name];
      if (++sh.depth > MAX_TOTAL_DEPTH) {
        sh.depth--;
        return depthExceeded(ctx, atOf(start, nameStart));
      }
      const memo = sh.opts.memo;
      const hit = memo?.get(name);
      if (hit && entry + 1 + hit.height <= 100) {
        replay(ctx, hit, entry);
        sh.depth--;
        ctx.level--;
        return ctx.status;
      }
      const savedStatus = ctx.status;
      const savedMax = ctx.maxEntry;
      const outStart = ctx.out.length;
      ctx.status = 0;
      ctx.maxEntry = -1;
      if (lookup.length > MAX_TOTAL_DEPTH * 2 && braceDepth(lookup) > MAX_TOTAL_DEPTH) {
        sh.tooDeep = true;
        ctx.status = savedStatus;
        return problem(ctx, 'nesting', `the value of ${name} nests expressions more than ${MAX_TOTAL_DEPTH} levels deep`, atOf(start, nameStart));
      }
      sh.stack.push(name);
      macParse(ctx, lookup, -1);
      sh.stack.pop();
      const subStatus = ctx.status;
      const subMax = ctx.maxEntry;
      ctx.status = savedStatus | subStatus;
      ctx.maxEntry = Math.max(savedMax, subMax);
      if (memo && !(subStatus & MAC_ERROR) && !sh.tooLarge && !sh.crashed) {
        memo.set(name, { value: ctx.out.slice(outStart), height: Math.max(0, subMax - (entry + 1)), status: subStatus });
      }
      sh.depth--;
      ctx.level--;
      return ctx.status;
    }
  }

  const scan = !!sh.opts.scan;
  if (ch === 63 /* ? */) {
    const t = resultOperand(ctx, s, cp, start);
    if (!t) return ctx.status;
    const [tStart, tEnd] = t;
    cp = t[2];
    if ((lookup !== null && lookup.length > 0) || scan) ctx.status |= macParse(ctx, s.slice(tStart, tEnd), start >= 0 ? start + tStart : -1);
    if (cp >= n) {
      ctx.level--;
      return ctx.status;
    }
    if (s.charCodeAt(cp) !== 58) {
      return problem(ctx, 'syntax', `":" expected at: "...${clip(s.slice(tStart, tEnd))}}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
    cp += 1;
    ch = 58;
  }
  if (ch === 58 /* : */) {
    const f = resultOperand(ctx, s, cp, start);
    if (!f) return ctx.status;
    const [fStart, fEnd] = f;
    cp = f[2];
    if (lookup === null || lookup.length === 0 || scan) ctx.status |= macParse(ctx, s.slice(fStart, fEnd), start >= 0 ? start + fStart : -1);
    if (cp < n) {
      return problem(ctx, 'syntax', `unexpected input at: "...${clip(s.slice(fStart, fEnd))}}>>>${snippet(s, cp)}"`, atOf(start, cp));
    }
  } else if (ch === 0) {
    if (lookup === null) ctx.status |= MAC_UNDEF;
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

/**
 * A memoised expansion, as if expanded again at entry level `entry` (the caller has checked that
 * doing so could not reach Postfix's nesting limit from here).
 */
function replay(ctx: Ctx, hit: MemoEntry, entry: number): void {
  if (entry + 1 + hit.height > ctx.maxEntry) ctx.maxEntry = entry + 1 + hit.height;
  if (hit.value.length > 0) emit(ctx, hit.value);
  ctx.status |= hit.status;
}

function emit(ctx: Ctx, text: string) {
  const sh = ctx.sh;
  sh.outLength += text.length;
  if (sh.outLength > sh.maxOutput) {
    if (!sh.tooLarge) {
      sh.tooLarge = true;
      problem(ctx, 'too-large', 'expanded value is too large', undefined);
    }
    ctx.status |= MAC_ERROR;
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
  while (cp < s.length && isOpChar(s.charCodeAt(cp))) cp++;
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
    if (s.indexOf('$', a) === -1 || s.indexOf('$', a) >= b) return s.slice(a, b); // literal: no callbacks needed
    if (++sh.depth > MAX_TOTAL_DEPTH) {
      sh.depth--;
      depthExceeded(ctx, atOf(start, a));
      return '';
    }
    const sub: Ctx = { sh, out: '', status: 0, level: 0, maxEntry: -1 };
    macParse(sub, s.slice(a, b), start >= 0 ? start + a : -1);
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
    if (result === null) ctx.status |= MAC_ERROR;
  }
  if (ctx.status & MAC_ERROR) return null;
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
    if (c === 123 || c === 40) {
      open++;
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 41) {
      close++;
      if (depth > 0) depth--;
    }
  }
  return open === close ? max : 0;
}

/** Our depth limit: a loop when a name repeats on the expansion stack (postconf crashes), else only deep. */
function depthExceeded(ctx: Ctx, at: number | undefined): number {
  const sh = ctx.sh;
  if (sh.crashed || sh.tooDeep) return (ctx.status |= MAC_ERROR);
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

const LONG_MAX = 9223372036854775807n;

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

/** strtol(): leading blanks, optional sign, decimal digits. Returns the value and the end offset. */
function strtol(s: string, from: number): { value: number; end: number; overflow: boolean } {
  let i = skipSpace(s, from);
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const d0 = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === d0) return { value: 0, end: from, overflow: false };
  const v = Number(s.slice(d0, i));
  return { value: neg ? -v : v, end: i, overflow: i - d0 > 18 && BigInt(s.slice(d0, i)) > LONG_MAX };
}

const MAJOR_MAX = 2 ** 43 - 1; // LONG_MAX >> 20: what fits above the 20 bits of minor and patch

/** compat_level_from_string(): "major[.minor[.patch]]" as one comparable number, or null. */
export function compatLevelValue(s: string): number | null {
  const major = strtol(s, 0);
  if (major.end === 0 || !(major.end === s.length || s[major.end] === '.')) return null;
  if (major.overflow || major.value < 0 || major.value > MAJOR_MAX) return null;
  let res = major.value * 1048576;
  if (major.end === s.length) return res;
  const minor = strtol(s, major.end + 1);
  if (minor.end === major.end + 1 || !(minor.end === s.length || s[minor.end] === '.')) return null;
  if (minor.value < 0 || minor.value > 0x3ff) return null;
  res += minor.value * 1024;
  if (minor.end === s.length) return res;
  const patch = strtol(s, minor.end + 1);
  if (patch.end === minor.end + 1 || patch.end !== s.length) return null;
  if (patch.value < 0 || patch.value > 0x3ff) return null;
  return res + patch.value;
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

export function isSpaceChar(c: string): boolean {
  return isSpaceCode(c.charCodeAt(0));
}
