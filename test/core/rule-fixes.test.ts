// Every quick fix a rule declares is shown at work: each rule with `fixes` has examples
// (`fixExamples`, beside the rule), and each example's fix, applied to its configuration, gives the
// text it promises. The finding comes from the rule's own check where the evidence is the
// configuration, so an example also proves that the rule reports there and attaches what its fix needs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../server/src/core/analysis';
import { runRules } from '../../server/src/core/validate';
import { allRules } from '../../server/src/core/rules/registry';
import { quickFixes } from '../../server/src/core/navigation/quick-fixes';
import type { FixExample, FixableFinding, QuickFix } from '../../server/src/core/rules/fix';
import { LineIndex } from '../../server/src/core/config/logical-lines';
import type { Range } from '../../server/src/core/types';

function apply(text: string, fix: QuickFix, file: 'main.cf' | 'master.cf'): string {
  const index = new LineIndex(text);
  const edits = fix.edits.filter((e) => e.file === file).sort((x, y) => index.offsetAt(y.range.start) - index.offsetAt(x.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, index.offsetAt(e.range.start)) + e.newText + out.slice(index.offsetAt(e.range.end));
  return out;
}

const contains = (r: Range, line: number, character: number) =>
  (r.start.line < line || (r.start.line === line && r.start.character <= character)) && (r.end.line > line || (r.end.line === line && r.end.character >= character));

/** The finding the example is about, as the editor would send it back. */
function findingOf(code: string, ex: FixExample): FixableFinding {
  const file = ex.file ?? 'main.cf';
  const text = file === 'main.cf' ? ex.main : ex.master!;
  const index = new LineIndex(text);
  const offset = text.indexOf(ex.at);
  assert.ok(offset >= 0, `${code}: "${ex.at}" is not in the example's ${file}`);
  const start = index.positionAt(offset);
  if (ex.data) return { code, file, range: { start, end: index.positionAt(offset + ex.at.length) }, data: ex.data };
  const a = analyzeConfig(ex.main, ex.master ?? null);
  const rule = allRules.find((r) => r.code === code)!;
  assert.equal(rule.evidence, 'configuration', `${code}: an example of a rule that does not judge the configuration gives the finding's data`);
  const f = runRules(a).find((x) => x.code === code && (x.file ?? 'main.cf') === file && contains(x.range, start.line, start.character));
  assert.ok(f, `${code}: no finding at "${ex.at}" in the example's ${file}`);
  return { code, file, range: f.range, data: { ...f.data, name: f.name, service: f.service } };
}

const withFixes = allRules.filter((r) => r.fixes);

test('the rules that offer quick fixes are found (the registry is what the editor uses)', () => {
  const codes = withFixes.map((r) => r.code).sort();
  for (const c of ['cert-chain-incomplete', 'deprecated-parameter', 'duplicate-parameter', 'invalid-value', 'tls-disabled', 'undefined-reference', 'unknown-parameter']) assert.ok(codes.includes(c), `${c} offers no fix`);
});

for (const rule of withFixes) {
  test(`${rule.code}: every example's fix gives the text it promises`, () => {
    assert.ok(rule.fixExamples && rule.fixExamples.length > 0, `${rule.code} declares fixes but no example of them`);
    for (const ex of rule.fixExamples) {
      const file = ex.file ?? 'main.cf';
      const a = analyzeConfig(ex.main, ex.master ?? null);
      const fixes = quickFixes(a, findingOf(rule.code, ex));
      const fix = fixes.find((x) => x.title === ex.title);
      assert.ok(fix, `${rule.code}: no fix titled "${ex.title}" (offered: ${fixes.map((x) => `"${x.title}"`).join(', ') || 'none'})`);
      assert.equal(apply(file === 'main.cf' ? ex.main : ex.master!, fix, file), ex.after);
    }
  });
}

test('a rule without fixes declares no examples of them', () => {
  for (const r of allRules) if (!r.fixes) assert.equal(r.fixExamples, undefined, `${r.code} has examples of fixes it does not offer`);
});
