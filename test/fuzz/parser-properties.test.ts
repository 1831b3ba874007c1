// Property-based tests of the pure core on any text: validate() never throws; every finding has a
// documented code, a bounded message and a range inside the file it points into; expandMacros()
// terminates within its limits; parseMainCf()'s names and values can be read back at their ranges.
// Inputs: any Unicode (lone surrogates, control characters, NUL, bidi), the characters the readers
// react to ($ { } ( ) # = blanks, LF, CRLF, CR), long lines, and the structured configurations of
// test/helpers/random-config.ts, also mutated. Runs and seed: see test/helpers/fuzz-settings.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validate } from '../../server/src/core/validate';
import { parseMainCf } from '../../server/src/core/config/main-cf';
import { parseMasterCf } from '../../server/src/core/config/master-cf';
import { expandMacros, type ExpandOptions, type MemoEntry } from '../../server/src/core/config/macro';
import { configRules } from '../../server/src/core/rules/index';
import type { Finding, Range, Severity } from '../../server/src/core/types';
import { configArb } from '../helpers/random-config';
import {
  configTextArb,
  coreLines,
  editorLines,
  findingProblems,
  FUZZ_SEED,
  fuzzParams,
  insertAt,
  macroTextArb,
  MAX_MESSAGE,
  preview,
  rangeProblem,
  withSeed,
} from '../helpers/fuzz-settings';

const GUARD = { timeout: 60_000 };

/**
 * Codes whose messages quote a whole parameter name or master.cf field however long it is (bugs kept
 * as todo tests at the end of this file). For them the random properties accept a message up to
 * MAX_MESSAGE plus three times the longest run of non-blank characters in the input (reference-cycle
 * quotes a name twice), so that they stay green and still catch any other echo (a whole value, a
 * whole line) and every other code's messages are held to MAX_MESSAGE.
 */
const KNOWN_ECHO = new Set(['unknown-parameter', 'undefined-reference', 'reference-cycle', 'duplicate-parameter', 'master-cf-syntax']);

function longestWord(...texts: (string | null)[]): number {
  let max = 0;
  for (const t of texts) for (const w of (t ?? '').split(/[\s\0]+/)) max = Math.max(max, w.length);
  return max;
}

function problemsOf(findings: Finding[], main: string, master: string | null, lines = coreLines): string[] {
  const allowance = 3 * longestWord(main, master);
  return findings.flatMap((f) => findingProblems(f, main, master, lines, (x) => MAX_MESSAGE + (KNOWN_ECHO.has(x.code) ? allowance : 0)));
}

function checkValidate(main: string, master: string | null): Finding[] {
  let findings: Finding[];
  try {
    findings = validate(main, master);
  } catch (e) {
    assert.fail(`validate threw ${(e as Error)?.stack ?? e}\nmain=${preview(main)}\nmaster=${preview(master)}`);
  }
  assert.ok(Array.isArray(findings));
  const bad = problemsOf(findings, main, master);
  assert.deepEqual(bad, [], `main=${preview(main)}\nmaster=${preview(master)}`);
  return findings;
}

const masterArb = fc.option(configTextArb({ long: true }), { nil: null, freq: 4 });

test(`validate(): any text, never throws, well-formed findings (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() => fc.assert(fc.property(configTextArb({ long: true }), masterArb, (main, master) => void checkValidate(main, master)), fuzzParams(400)));
});

test(`validate(): the same texts with CRLF and with CR line ends (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(configTextArb(), configTextArb(), fc.constantFrom('\r\n', '\r'), (main, master, eol) => {
        checkValidate(main.replace(/\n/g, eol), master.replace(/\n/g, eol));
      }),
      fuzzParams(200),
    ),
  );
});

/** Fractions of the text's length where to insert hostile pieces. */
const mutationsArb = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), configTextArb({ maxLength: 12 })), { maxLength: 6 });

test(`validate(): structured configurations from random-config.ts, as they are and mutated (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(configArb, mutationsArb, mutationsArb, ({ main, master }, mm, ms) => {
        checkValidate(main, master);
        checkValidate(insertAt(main, mm), insertAt(master, ms));
      }),
      fuzzParams(200),
    ),
  );
});

test(`validate(): severity overrides apply to every code, and "off" drops it (seed ${FUZZ_SEED})`, GUARD, () => {
  const codes = configRules.map((r) => r.code);
  const levelArb = fc.constantFrom<Severity | 'off'>('error', 'warning', 'information', 'hint', 'off');
  withSeed(() =>
    fc.assert(
      fc.property(configArb, fc.dictionary(fc.constantFrom(...codes), levelArb, { maxKeys: 6 }), ({ main, master }, severities) => {
        const plain = validate(main, master);
        const set = validate(main, master, { severities });
        const expected = plain.filter((f) => severities[f.code] !== 'off').map((f) => ({ ...f, severity: (severities[f.code] as Severity | undefined) ?? f.severity }));
        assert.deepEqual(set, expected);
      }),
      fuzzParams(100),
    ),
  );
});

// ---- expandMacros -----------------------------------------------------------------------------

const nameArb = fc.constantFrom('a', 'b', 'c', 'x', 'y', 'name', 'level', '_', '1');
const lookupTableArb = fc.dictionary(nameArb, macroTextArb, { maxKeys: 6 });
const expandCaseArb = fc.record({
  text: macroTextArb,
  table: lookupTableArb,
  recurse: fc.boolean(),
  scan: fc.boolean(),
  maxOutput: fc.integer({ min: 0, max: 400 }),
  maxSteps: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
});

type ExpandCase = typeof expandCaseArb extends fc.Arbitrary<infer T> ? T : never;

function runExpand(c: ExpandCase, extra: Partial<ExpandOptions> = {}) {
  let lookups = 0;
  const lookup = (name: string) => {
    lookups++;
    return Object.prototype.hasOwnProperty.call(c.table, name) ? c.table[name]! : null;
  };
  const r = expandMacros(c.text, { lookup, recurse: c.recurse, scan: c.scan, maxOutput: c.maxOutput, maxSteps: c.maxSteps, ...extra });
  return { r, lookups };
}

test(`expandMacros(): random text and lookups, never throws, bounded work and output (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(expandCaseArb, (c) => {
        const { r, lookups } = runExpand(c);
        assert.equal(typeof r.value, 'string');
        assert.ok(Number.isInteger(r.status) && r.status >= 0 && r.status <= 3, `status ${r.status}`);
        // The bound that holds everywhere today; the exact one (≤ maxOutput) is a todo test below.
        assert.ok(r.value.length <= c.maxOutput + c.text.length, `output of ${r.value.length} for maxOutput ${c.maxOutput}`);
        if (c.scan) assert.equal(r.value, '', 'scan mode produces no text');
        // Each lookup is one step of the expander; its limit bounds them (plus the fast paths' one pass).
        assert.ok(lookups <= (c.maxSteps ?? 2_000_000) + c.text.length, `${lookups} lookups`);
        for (const p of r.problems) {
          assert.ok(p.message.length <= 400, `problem message of ${p.message.length}`);
          if (p.at !== undefined) assert.ok(p.at >= 0 && p.at <= c.text.length, `problem at ${p.at} outside the text (${c.text.length})`);
        }
      }),
      fuzzParams(1000),
    ),
  );
});

test(`expandMacros(): the memo never changes a result (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(expandCaseArb, fc.array(macroTextArb, { maxLength: 3 }), (c, warmups) => {
        const big = { ...c, maxOutput: 1 << 20, maxSteps: undefined, scan: false, recurse: true };
        const plain = runExpand(big).r;
        const memo = new Map<string, MemoEntry>();
        const exprMemo = new Map<string, MemoEntry>();
        // Fill the memo with other texts (same lookups), then expand the text itself, twice.
        for (const w of warmups) runExpand({ ...big, text: w }, { memo, exprMemo });
        for (let i = 0; i < 2; i++) {
          const m = runExpand(big, { memo, exprMemo }).r;
          assert.equal(m.value, plain.value, `value with memo (pass ${i})`);
          assert.equal(m.status, plain.status, `status with memo (pass ${i})`);
        }
      }),
      fuzzParams(500),
    ),
  );
});

test('bug: expandMacros() returns text longer than maxOutput', {
  todo: 'bug: the no-"$" fast path and expandSimple() (recurse + memo) skip the maxOutput check: ' +
    'expandMacros("aaaaaaaaaa", {maxOutput: 3}) gives "aaaaaaaaaa" with status 0 (the general path reports "expanded value is too large" for "aaaaaaaaaa$$"); ' +
    'expandMacros("$a yyyyyyyy", {recurse, maxOutput: 10, memo: a → "xxxxxxxxxx"}) gives 19 characters with status 0',
}, () => {
  const lookup = (n: string) => (n === 'a' ? 'xxxxxxxxxx' : null);
  const noDollar = expandMacros('aaaaaaaaaa', { lookup, maxOutput: 3 });
  const memo = new Map<string, MemoEntry>([['a', { value: 'xxxxxxxxxx', height: 0, status: 0 }]]);
  const simple = expandMacros('$a yyyyyyyy', { lookup, recurse: true, maxOutput: 10, memo });
  assert.ok(noDollar.value.length <= 3, `no "$": ${noDollar.value.length} characters, status ${noDollar.status}`);
  assert.ok(simple.value.length <= 10, `memo fast path: ${simple.value.length} characters, status ${simple.status}`);
  withSeed(() => fc.assert(fc.property(expandCaseArb, (c) => void assert.ok(runExpand(c).r.value.length <= c.maxOutput)), fuzzParams(300)));
});

// ---- parseMainCf ranges -----------------------------------------------------------------------

/** The document text a range covers, with the lines that are not part of the logical line skipped. */
function textAt(lines: readonly string[], r: Range, onLines: ReadonlySet<number>): string {
  let out = '';
  for (let l = r.start.line; l <= r.end.line; l++) {
    if (!onLines.has(l)) continue;
    const s = lines[l]!;
    out += s.slice(l === r.start.line ? r.start.character : 0, l === r.end.line ? r.end.character : s.length);
  }
  return out;
}

function checkMainRanges(text: string): void {
  const parsed = parseMainCf(text);
  const lines = coreLines(text);
  for (const e of parsed.entries) {
    const where = `entry ${e.index} (${preview(e.name, 40)}) of ${preview(text)}`;
    const onLines = new Set(e.logical.pieces.map((p) => p.line));
    for (const [what, r] of [
      ['nameRange', e.nameRange],
      ['equalsRange', e.equalsRange],
      ['valueRange', e.valueRange],
      ['range', e.range],
    ] as const) {
      const p = rangeProblem(r, lines);
      assert.equal(p, null, `${what}: ${p}; ${where}`);
    }
    assert.equal(textAt(lines, e.nameRange, onLines), e.name, `name text at nameRange; ${where}`);
    assert.equal(textAt(lines, e.equalsRange, onLines), '=', `"=" at equalsRange; ${where}`);
    assert.equal(textAt(lines, e.valueRange, onLines), e.value, `value text at valueRange; ${where}`);
    assert.equal(e.logical.text.slice(e.valueOffset, e.valueOffset + e.value.length), e.value, `valueOffset; ${where}`);
    if (e.logical.pieces.length === 1) assert.equal(lines[e.nameRange.start.line]!.slice(e.nameRange.start.character, e.nameRange.end.character), e.name);
  }
  for (const f of parsed.findings) assert.equal(rangeProblem(f.range, lines), null, `${f.code} of ${preview(text)}`);
}

function checkMasterRanges(text: string): void {
  const parsed = parseMasterCf(text);
  const lines = coreLines(text);
  for (const s of parsed.services) {
    const onLines = new Set(s.logical.pieces.map((p) => p.line));
    for (const t of [...s.fields, ...s.args]) {
      assert.equal(rangeProblem(t.range, lines), null, `token ${preview(t.text, 40)} of ${preview(text)}`);
      assert.equal(textAt(lines, t.range, onLines), t.text, `token text at its range in ${preview(text)}`);
    }
    for (const o of s.overrides) {
      for (const r of [o.nameRange, o.valueRange, o.range]) assert.equal(rangeProblem(r, lines), null, `override ${o.name} of ${preview(text)}`);
      // postconf splits "-oother=x" into "-o" "-other=x" (see master-cf.ts): that name's "-" is made up,
      // and its range starts at the "o" it replaces.
      const at = textAt(lines, o.nameRange, onLines);
      assert.ok(at === o.name || (o.name.startsWith('-') && at === 'o' + o.name.slice(1)), `override name ${preview(o.name, 40)} at its range reads ${preview(at, 40)} in ${preview(text)}`);
    }
  }
}

test(`parseMainCf(): names, "=" and values read back at their ranges (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(fc.oneof(configTextArb({ long: true }), configArb.map((c) => c.main), fc.tuple(configArb, mutationsArb).map(([c, m]) => insertAt(c.main, m))), (text) => {
        checkMainRanges(text);
      }),
      fuzzParams(400),
    ),
  );
});

test(`parseMasterCf(): fields, arguments and -o names read back at their ranges (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(fc.oneof(configTextArb(), configArb.map((c) => c.master), fc.tuple(configArb, mutationsArb).map(([c, m]) => insertAt(c.master, m))), (text) => {
        checkMasterRanges(text);
      }),
      fuzzParams(300),
    ),
  );
});

// ---- Known bugs, kept as todo cases -----------------------------------------------------------

const BIG = 'a'.repeat(100_000);

/** Inputs whose finding quotes a 100,000-character name or field whole (one todo test per code). */
const ECHO_CASES: { code: string; main: string; master: string | null; input: string; actual: string }[] = [
  { code: 'unknown-parameter', main: `${BIG} = 1\n`, master: null, input: 'main.cf "<100,000 × a> = 1"', actual: '100,090 (the name is quoted whole; also for a -o name in master.cf)' },
  { code: 'undefined-reference', main: `smtpd_banner = $${BIG}\n`, master: null, input: 'main.cf "smtpd_banner = $<100,000 × a>"', actual: '100,113 (the $name is quoted whole; also in a -o value and for a smtpd_restriction_classes name)' },
  { code: 'reference-cycle', main: `${BIG} = $${BIG}\n`, master: null, input: 'main.cf "<100,000 × a> = $<100,000 × a>"', actual: '200,127 (the name is quoted twice, whole)' },
  { code: 'duplicate-parameter', main: `${BIG} = 1\n${BIG} = 2\n`, master: null, input: 'main.cf "<100,000 × a> = 1", then "<100,000 × a> = 2"', actual: '100,062 (the name is quoted whole)' },
  { code: 'master-cf-syntax', main: '', master: `smtp inet${BIG} n - n - - smtpd\n`, input: 'master.cf "smtp inet<100,000 × a> n - n - - smtpd"', actual: '100,120 (explainField() quotes the field whole; also for the private, unpriv, chroot, wakeup and process_limit fields)' },
];

for (const c of ECHO_CASES) {
  test(`bug: ${c.code} quotes a whole name`, { todo: `bug: ${c.input}: expected every ${c.code} message ≤ ${MAX_MESSAGE} characters, actual ${c.actual}` }, () => {
    const found = validate(c.main, c.master).filter((x) => x.code === c.code);
    assert.ok(found.length > 0, `no ${c.code} finding`);
    for (const f of found) assert.ok(f.message.length <= MAX_MESSAGE, `${f.code}: message of ${f.message.length} characters`);
  });
}

test('bug: one undefined-reference finding per reference, without any bound', {
  todo: 'bug: main.cf "smtpd_banner = " + "x$y" × 350,000 (a 1 MB line): expected a bounded number of findings (one per undefined name, or a cap with "and N more"), ' +
    'actual 350,000 undefined-reference findings (102 MB as JSON); the language server needs 12.6 s to publish them for one open document and each later edit costs seconds more, ' +
    'so during a burst of edits hover and completion wait more than 15 s',
}, () => {
  const f = validate('smtpd_banner = ' + 'x$y'.repeat(20_000) + '\n', null);
  assert.ok(f.length <= 1000, `${f.length} findings`);
});

test('bug: a name followed by a continuation line has a range that ends on the next line', {
  todo: 'bug: logicalPosition() maps an offset at the end of a piece to the start of the next piece (its comment says: to the end of that line): ' +
    'main.cf "smtpd_bannr\n  = x\n": expected unknown-parameter (and nameRange) 0:0-0:11, actual 0:0-1:0 (the squiggle takes in the line break); the same for master.cf fields before a continuation line',
}, () => {
  const e = parseMainCf('smtpd_bannr\n  = x\n').entries[0]!;
  assert.deepEqual(e.nameRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } });
  withSeed(() =>
    fc.assert(
      fc.property(fc.oneof(configTextArb(), configArb.map((x) => x.main)), (text) => {
        for (const x of parseMainCf(text).entries) assert.equal(x.nameRange.end.line, x.nameRange.start.line, `nameRange ${JSON.stringify(x.nameRange)} of ${preview(text)}`);
      }),
      fuzzParams(200),
    ),
  );
});

test(`bug: with lone CR line ends, finding lines are not the editor's lines (seed ${FUZZ_SEED})`, {
  todo: 'bug: a lone "\\r" ends a line for LSP clients but not for the core (only "\\n" does), so findings after it land on the wrong line in the editor: ' +
    'main.cf "smtpd_banner = a\\r$undefined_x\\n": expected undefined-reference at line 1 characters 1..12 (where the editor shows $undefined_x), ' +
    'actual line 0 characters 18..29 (beyond the 16-character editor line 0, so the client clamps it to the end of "smtpd_banner = a")',
}, () => {
  const f = validate('smtpd_banner = a\r$undefined_x\n', null).find((x) => x.code === 'undefined-reference');
  assert.deepEqual(f?.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 12 } });
  withSeed(() =>
    fc.assert(
      fc.property(configTextArb(), (t) => {
        const main = t.replace(/\n/g, '\r');
        assert.deepEqual(problemsOf(validate(main, null), main, null, editorLines), []);
      }),
      fuzzParams(100),
    ),
  );
});

test(`ranges fit the editor's lines too when no lone CR is involved (seed ${FUZZ_SEED})`, GUARD, () => {
  withSeed(() =>
    fc.assert(
      fc.property(configTextArb({ long: true }), configTextArb(), fc.boolean(), (m, s, crlf) => {
        const fix = (t: string) => (crlf ? t.replace(/\r/g, '').replace(/\n/g, '\r\n') : t.replace(/\r/g, ''));
        const main = fix(m);
        const master = fix(s);
        // The editor's line excludes the "\r" of CRLF; a position just after it is clamped by LSP clients,
        // so the check allows the core's line length there.
        const lines = (t: string) => editorLines(t).map((l, i) => l + (coreLines(t)[i]?.endsWith('\r') ? '\r' : ''));
        assert.deepEqual(problemsOf(validate(main, master), main, master, lines), [], `main=${preview(main)} master=${preview(master)}`);
      }),
      fuzzParams(200),
    ),
  );
});
