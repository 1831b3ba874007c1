// The language server under random incremental edits, over real JSON-RPC (stdio, dist/server.js):
// insertions and deletions at random ranges of a main.cf and a master.cf of one directory, with
// unterminated "${", NUL bytes, CRLF, lone CR, lone surrogates, a 1 MB line. After each burst of edits the
// server still answers hover, completion and documentSymbol (no error, no "... failed" in its log),
// and after the last edit the diagnostics it publishes for both files are exactly those computed in
// this process from a fresh analysis of the final texts (core analyzeConfig + runRules with the same
// installation, directory and settings). Certificate settings are kept out of the texts, so every
// finding is a configuration finding.
//
// Sequences are drawn with fc.sample from the shared seed (no shrinking: each case needs the live
// server); a failure prints the seed, the sequence and the edits so far.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { analyzeConfig, runRules } from '../../server/src/core/validate';
import { configRules } from '../../server/src/core/rules/index';
import { loadInstallation } from '../../server/src/io/installation';
import { positionMapOf } from '../../server/src/lsp/positions';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { LspClient } from '../helpers/lsp-client';
import { configArb } from '../helpers/random-config';
import { configTextArb, FUZZ_SEED, fuzzRuns, preview } from '../helpers/fuzz-settings';

const SEQUENCES = fuzzRuns(10);
const EDITS = 30;
const BURST = 10;
/** Per-request watchdog: a request that does not answer within this is a hang. */
const CALL_MS = 15_000;
// A 1 MB line with one reference. (1 MB of "$y" references, once 350,000 diagnostics, now three:
// test/lsp/many-findings.test.ts; left out here so that the sequences stay fast.)
const MB_LINE = 'smtpd_banner = ' + 'x'.repeat(1024 * 1024) + ' $myhostname\n';

/** Certificate and key settings name files; they are renamed to a harmless known parameter. */
const noCertificates = (t: string) => t.replace(/_tls_(?:cert|key|eccert|eckey|dcert|dkey)_file|_tls_chain_files/g, '_tls_loglevel');

interface EditSpec {
  file: 'main' | 'master';
  /** Start and length of the replaced text, as fractions of the document's length. */
  at: number;
  length: number;
  text: string;
}

const insertedArb = fc.oneof(
  { weight: 10, arbitrary: configTextArb({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom('${', '${foo', '$(', '${{', '\0', '\0\0\0', '\r\n', '\r', '\r\n  ', '\n', '}', '${a?{', '#', ' = ', '\n  -o x=$', '\ud800') },
  { weight: 1, arbitrary: fc.constantFrom('\nsmtpd_bannr = 1\n', '\nsmtpd_tls_security_level = mayy\n', '\nfoo = $bar\nbar = $foo\n', '\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable = yes\n') },
);

/** A fraction in [0, 1], uniform (fc.double favours 0 and tiny values). */
const fraction = (max = 1) => fc.integer({ min: 0, max: 1_000_000 }).map((x) => (x / 1_000_000) * max);

const editArb: fc.Arbitrary<EditSpec> = fc.record({
  file: fc.constantFrom<'main' | 'master'>('main', 'main', 'master'),
  at: fraction(),
  length: fc.oneof(fc.constant(0), fraction(0.02), fraction(0.2), fraction()),
  text: insertedArb,
});

interface Sequence {
  main: string;
  master: string;
  /** Each notification carries 1-3 content changes. */
  edits: EditSpec[][];
  /** Index of the notification whose first change inserts a 1 MB line, or -1. */
  bigAt: number;
}

const sequenceArb: fc.Arbitrary<Sequence> = fc.record({
  start: configArb,
  edits: fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: EDITS, maxLength: EDITS }),
  bigAt: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: EDITS - 1 }) }),
}).map(({ start, edits, bigAt }) => ({ main: noCertificates(start.main), master: noCertificates(start.master), edits, bigAt }));

/** The range of an edit in the document as it is now, and the replaced text's offsets. */
function rangeOf(doc: TextDocument, e: EditSpec): Range {
  const n = doc.getText().length;
  const start = Math.min(n, Math.floor(e.at * (n + 1)));
  const end = Math.min(n, start + Math.floor(e.length * (n - start + 1)));
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

interface Expected {
  main: Diagnostic[];
  master: Diagnostic[];
}

type Comparable = Pick<Diagnostic, 'code' | 'range' | 'severity' | 'message'>;

const comparable = (d: Diagnostic[]): Comparable[] =>
  d.map((x) => ({ code: x.code, range: x.range, severity: x.severity, message: x.message })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));


function expectedFor(dir: string, main: string, master: string, installation: ReturnType<typeof loadInstallation>): Expected {
  const version = installation.version || '3.7';
  const analysis = analyzeConfig(main, master, { configDir: dir, version, installation });
  const findings = runRules(analysis, configRules, {});
  // Ranges as the editor counts lines (a lone "\r" ends a line there, not for Postfix); messages as
  // the server converts them (hidden characters escaped).
  const toDiag = (text: string) => {
    const positions = positionMapOf(text);
    return (f: (typeof findings)[number]): Diagnostic => toDiagnostic(f, positions);
  };
  return {
    main: findings.filter((f) => (f.file ?? 'main.cf') === 'main.cf').map(toDiag(main)),
    master: findings.filter((f) => f.file === 'master.cf').map(toDiag(master)),
  };
}

/** Resolves with the promise's value, or rejects when it takes longer than `ms` (a hang). */
function watchdog<T>(what: string, p: Promise<T>, ms = CALL_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

let client: LspClient;
let installation: ReturnType<typeof loadInstallation>;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-fuzz-lsp-'));

before(async () => {
  installation = loadInstallation({});
  client = new LspClient();
  await client.initialize({});
});

after(async () => {
  await client.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

const failureLog = () => client.logMessages.filter((m) => /failed|Error|exception/i.test(m));

test(`random incremental edits: the server keeps answering and ends with the in-process diagnostics (${SEQUENCES} × ${EDITS} edits, seed ${FUZZ_SEED})`, { timeout: Math.max(120_000, SEQUENCES * 20_000) }, async () => {
  const sequences = fc.sample(sequenceArb, { numRuns: SEQUENCES, seed: FUZZ_SEED });
  const rnd = fc.sample(fc.tuple(fraction(), fraction(), fc.boolean()), { numRuns: SEQUENCES * 10, seed: FUZZ_SEED + 1 });
  let r = 0;
  let compared = 0;
  for (let s = 0; s < sequences.length; s++) {
    const seq = sequences[s]!;
    const dir = path.join(root, `seq${s}`);
    fs.mkdirSync(dir);
    const uris = { main: pathToFileURL(path.join(dir, 'main.cf')).toString(), master: pathToFileURL(path.join(dir, 'master.cf')).toString() };
    const docs = {
      main: TextDocument.create(uris.main, 'postfix-main-cf', 1, seq.main),
      master: TextDocument.create(uris.master, 'postfix-master-cf', 1, seq.master),
    };
    const applied: string[] = [];
    const where = () => `seed ${FUZZ_SEED}, sequence ${s}; start main=${preview(seq.main)} master=${preview(seq.master)}; edits: ${applied.join(' | ')}`;
    try {
      await client.open(uris.main, seq.main, 'postfix-main-cf', 1);
      await client.open(uris.master, seq.master, 'postfix-master-cf', 1);
      for (let i = 0; i < seq.edits.length; i++) {
        const group = seq.edits[i]!;
        const file = group[0]!.file;
        const doc = docs[file];
        const changes: { range: Range; text: string }[] = [];
        for (let k = 0; k < group.length; k++) {
          const e = group[k]!;
          const text = k === 0 && i === seq.bigAt ? MB_LINE : e.text;
          const range = rangeOf(doc, e);
          changes.push({ range, text });
          // Each change applies to the result of the previous one, as LSP says.
          TextDocument.update(doc, [{ range, text }], doc.version);
          applied.push(`${file}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}+${preview(text, 40)}`);
        }
        const version = doc.version + 1;
        TextDocument.update(doc, [], version);
        await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uris[file], version }, contentChanges: changes });
        if ((i + 1) % BURST === 0) {
          const before = failureLog().length;
          for (const which of ['main', 'master'] as const) {
            const d = docs[which];
            const [a, b, outside] = rnd[r++ % rnd.length]!;
            const pos = outside ? { line: d.lineCount + 5, character: 3 } : d.positionAt(Math.floor(a * (d.getText().length + 1)));
            const pos2 = d.positionAt(Math.floor(b * (d.getText().length + 1)));
            const at = (p: { line: number; character: number }) => `${which}.cf ${p.line}:${p.character} (${d.lineCount} lines, ${d.getText().length} characters); ${where()}`;
            await watchdog(`hover at ${at(pos)}`, client.hover(uris[which], pos));
            await watchdog(`completion at ${at(pos2)}`, client.completion(uris[which], pos2));
            const symbols = await watchdog(`documentSymbol of ${at(pos2)}`, client.documentSymbols(uris[which]));
            assert.ok(symbols === null || Array.isArray(symbols), 'documentSymbol answers a list');
          }
          assert.deepEqual(failureLog().slice(before), [], `the server logged failures; ${where()}`);
        }
      }
      const expected = expectedFor(dir, docs.main.getText(), docs.master.getText(), installation);
      for (const which of ['main', 'master'] as const) {
        const want = comparable(expected[which]);
        compared += want.length;
        let last: Diagnostic[] = [];
        try {
          await client.waitForDiagnostics(uris[which], (d) => ((last = d), JSON.stringify(comparable(d)) === JSON.stringify(want)), CALL_MS);
        } catch {
          assert.deepEqual(comparable(last), want, `published ${which}.cf diagnostics differ from the in-process analysis; ${where()}`);
        }
      }
      assert.deepEqual(failureLog(), [], `the server logged failures; ${where()}`);
    } finally {
      await client.close(uris.main);
      await client.close(uris.master);
    }
  }
  console.log(`lsp edits: ${sequences.length} sequences (${sequences.filter((q) => q.bigAt >= 0).length} with a 1 MB line), ${compared} diagnostics compared, seed ${FUZZ_SEED}`);
  assert.equal(client.proc.exitCode, null, 'the server is still running');
  assert.doesNotMatch(client.stderr, /Error|at /, 'nothing on stderr');
});
