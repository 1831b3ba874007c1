// Shared by the property-based tests under test/fuzz/: how many runs, which seed, the codes the
// software may emit, the "inside the document" check for ranges, and texts made of the characters
// that matter to Postfix's readers ($ { } ( ) # = blanks, line ends, NUL) mixed with any Unicode.
//
// POSTFIX_LENS_FUZZ_RUNS sets numRuns of every property in test/fuzz/ (each file has its own
// bounded default so that `npm test` stays fast); POSTFIX_LENS_FUZZ_SEED replays a failure. The seed
// is in every fuzz test's name and in fast-check's failure message (with the shrunk counterexample).

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { configRules } from '../../server/src/core/rules/index';
import type { Finding, Position, Range } from '../../server/src/core/types';

export const FUZZ_SEED = ((): number => {
  const v = Number(process.env.POSTFIX_LENS_FUZZ_SEED);
  return Number.isInteger(v) ? v : Date.now() % 2 ** 31;
})();

/** numRuns for one property: POSTFIX_LENS_FUZZ_RUNS when set (a positive integer), else `fallback`. */
export function fuzzRuns(fallback: number): number {
  const v = Number(process.env.POSTFIX_LENS_FUZZ_RUNS);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** fc.assert parameters: the shared seed, bounded runs, and the seed printed again on failure. */
export function fuzzParams(fallbackRuns: number, extra: Partial<fc.Parameters<unknown>> = {}): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(fallbackRuns), endOnFailure: false, ...extra };
}

/**
 * fc.assert / fc.asyncAssert that also names the seed and the env variable to replay it, since the
 * node test reporter may cut fast-check's long message.
 */
export function withSeed<T>(run: () => T): T {
  try {
    const r = run();
    if (r instanceof Promise) {
      return r.catch((e: unknown) => {
        throw annotate(e);
      }) as T;
    }
    return r;
  } catch (e) {
    throw annotate(e);
  }
}

function annotate(e: unknown): unknown {
  if (e instanceof Error) e.message = `[replay: POSTFIX_LENS_FUZZ_SEED=${FUZZ_SEED}] ${e.message}`;
  return e;
}

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Every code the software documents (a "## code" heading of docs/rules.md: test/docs/rules-doc.test.ts
 * keeps that list equal to the codes the source can emit) plus the codes of configRules.
 */
export const KNOWN_CODES: ReadonlySet<string> = (() => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
  const out = new Set(configRules.map((r) => r.code));
  for (const m of doc.matchAll(/^## ([a-z0-9-]+)\s*$/gm)) out.add(m[1]!);
  return out;
})();

export const CODE_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A finding message never echoes a whole hostile line: this many UTF-16 units at most. */
export const MAX_MESSAGE = 2000;

/**
 * Lines as the core counts them: only "\n" ends a line (a "\r" stays in its line), and a text that
 * ends in "\n" has one more, empty, line (where an editor's cursor can be).
 */
export function coreLines(text: string): string[] {
  return text.split('\n');
}

/** Lines as an LSP client counts them: "\r\n", "\r" and "\n" all end a line. */
export function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Why `r` is not a range inside a document of these lines, or null when it is. */
export function rangeProblem(r: Range, lines: readonly string[]): string | null {
  for (const [what, p] of [
    ['start', r.start],
    ['end', r.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${what} is not integral: ${JSON.stringify(p)}`;
    if (p.line < 0 || p.line >= lines.length) return `${what} line ${p.line} is outside 0..${lines.length - 1}`;
    if (p.character < 0 || p.character > lines[p.line]!.length) return `${what} character ${p.character} is outside 0..${lines[p.line]!.length} (line ${p.line})`;
  }
  if (!before(r.start, r.end)) return `start ${JSON.stringify(r.start)} is after end ${JSON.stringify(r.end)}`;
  return null;
}

/**
 * Everything wrong with one finding of validate(main, master), or [] (core line model by default).
 * `maxMessage` gives the longest message accepted for a finding (default MAX_MESSAGE).
 */
export function findingProblems(f: Finding, main: string, master: string | null, lines = coreLines, maxMessage: (f: Finding) => number = () => MAX_MESSAGE): string[] {
  const out: string[] = [];
  if (!CODE_SHAPE.test(f.code)) out.push(`code ${JSON.stringify(f.code)} is not kebab-case`);
  if (!KNOWN_CODES.has(f.code)) out.push(`code ${f.code} is not documented in docs/rules.md`);
  if (typeof f.message !== 'string' || f.message.length === 0) out.push('empty message');
  else if (f.message.length > maxMessage(f)) out.push(`${f.code}: message of ${f.message.length} characters (starts ${JSON.stringify(f.message.slice(0, 80))})`);
  if (!['error', 'warning', 'information', 'hint'].includes(f.severity)) out.push(`severity ${f.severity}`);
  const file = f.file ?? 'main.cf';
  const text = file === 'main.cf' ? main : master;
  if (text === null) out.push(`${f.code} points into master.cf, which was not given`);
  else {
    const p = rangeProblem(f.range, lines(text));
    if (p) out.push(`${f.code} in ${file}: ${p}`);
  }
  return out;
}

/** Short, readable form of a (possibly huge) generated text for failure messages. */
export function preview(s: string | null, max = 300): string {
  if (s === null) return 'null';
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);
}

// ---- Text arbitraries -------------------------------------------------------------------------

/** Pieces that mean something to readllines(), split_nameval(), mac_parse() or master.cf fields. */
const SYNTAX = [
  '$', '{', '}', '(', ')', '#', '=', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '\0', '$$', '${', '$(', '?', ':', '?{', '}:{', '{x}',
  ' == ', ' != ', ' <level ', ',', '\\', '"', '-o', ' -o ', '-o{', '\n  ', '\n# comment\n', '\n\n', '=\n',
  'smtpd_banner', 'myhostname', 'mydomain', 'relayhost', 'smtpd_tls_security_level', 'compatibility_level', 'foo', 'bar',
  '$myhostname', '${mydomain}', '$(foo)', '${foo?{a}:{b}}', '${{$foo} == {x} ? {y} : {z}}', '${bar:x}', '$foo$foo',
  '\nsmtpd_banner = ', '\nfoo = $bar\n', '\nbar = $foo\n', '\nsmtp inet n - n - - smtpd', ' -o smtpd_banner=', ' -o { foo = ${bar} }',
  '\u00e9', '\u00ff', '\u{1F600}', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', '\u2028', '\u0085', '\u007f', '\u001b',
];

/** Long pieces: a long line, thousands of references, deep nesting, a long name. */
const LONG = ['a'.repeat(5000), '$a'.repeat(2000), '${'.repeat(450), '{'.repeat(450) + '}'.repeat(450), '${x?{'.repeat(120) + 'y' + '}}'.repeat(120), 'x_'.repeat(3000), '$'.repeat(4001)];

const charArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 4, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789.-/:@'.split('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);

/** Any text, biased towards what the readers react to. `long` adds rare pieces of thousands of characters. */
export function configTextArb(opts: { maxLength?: number; long?: boolean } = {}): fc.Arbitrary<string> {
  const unit = opts.long ? fc.oneof({ weight: 60, arbitrary: charArb }, { weight: 1, arbitrary: fc.constantFrom(...LONG) }) : charArb;
  return fc.string({ unit, maxLength: opts.maxLength ?? 300 });
}

/** Texts full of $-expressions and braces, for expandMacros. */
export const macroTextArb: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('$', '{', '}', '(', ')', '?', ':', ' ', '=', '!', '<', '>', '$$', '${', '$(', '{a}', '{b}', ' == ', ' != ', ' <level ', ' >=level ', '?{', '}:{', '\n', '\0', 'level') },
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'name', '1', '10', '3.6', '_') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) },
  ),
  maxLength: 120,
});

/** Insert `pieces` into `text` at positions given as fractions of its length (for mutating configs). */
export function insertAt(text: string, edits: readonly [number, string][]): string {
  let out = text;
  for (const [where, piece] of edits) {
    const at = Math.min(out.length, Math.floor(where * (out.length + 1)));
    out = out.slice(0, at) + piece + out.slice(at);
  }
  return out;
}
