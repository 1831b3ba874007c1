// docs/rules.md against the rule registry (core/rules/registry.ts): every rule has a "## <code>"
// section (the anchor the editor's diagnostics link to) that states its default severity, says why
// it matters and how to fix it, and shows an example; every section is about a rule that exists.
//
// The source is held to the registry too: by regular expression over the files, every code literal
// of the rules, the certificate analysis and the probe must be the code of a registered rule, every
// rule has a check, and no module but a rule gives a code a severity, so a finding cannot be made
// without a rule (with its severity and why) behind it, nor by the code that reads its evidence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configRules } from '../../server/src/core/rules/index';
import { allRules } from '../../server/src/core/rules/registry';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'rules.md');

/** Every .ts file under `dir` (recursively); none when it does not exist. */
function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return dir.endsWith('.ts') ? [dir] : [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => tsFiles(path.join(dir, name)));
}

/** server/src/io/probe*: the file probe.ts, files such as probe-session.ts, and the directory probe/. */
function ioProbeFiles(): string[] {
  const io = path.join(ROOT, 'server', 'src', 'io');
  return fs
    .readdirSync(io)
    .filter((name) => name.startsWith('probe'))
    .sort()
    .flatMap((name) => tsFiles(path.join(io, name)));
}

const SOURCES: Record<'rules' | 'certificates' | 'probe', string[]> = {
  rules: tsFiles(path.join(ROOT, 'server', 'src', 'core', 'rules')),
  certificates: [...tsFiles(path.join(ROOT, 'server', 'src', 'core', 'tls')), ...tsFiles(path.join(ROOT, 'server', 'src', 'io', 'certificate-checks.ts'))],
  probe: [...tsFiles(path.join(ROOT, 'server', 'src', 'core', 'probe')), ...ioProbeFiles()],
};

const CODE_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const LITERAL = /'([a-z][a-z0-9]*(?:-[a-z0-9]+)*)'|"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"/g;

function literalsIn(text: string): string[] {
  return [...text.matchAll(LITERAL)].map((m) => m[1] ?? m[2]!);
}

/**
 * The codes a source file can emit:
 * - `code: 'x'`, and every literal of the expression after `code:` on that line
 *   (`code: isKey ? 'a' : 'b'`, `code: f?.code ?? 'x'`, a type such as `code: 'a' | 'b'`);
 * - the first argument of `finding(...)` (io/certificate-checks.ts builds findings that way);
 * - the members of a union type named `...Code` (`type ProbeErrorCode = | 'timeout' | ...;`).
 */
function codesInSource(text: string): Set<string> {
  const out = new Set<string>();
  // (Literals in brackets are property names of an indexed type, `code: Reply['code']`, not codes.)
  for (const m of text.matchAll(/\bcode\s*:\s*([^,;}\n]+)/g)) for (const c of literalsIn(m[1]!.replace(/\[[^\]]*\]/g, ''))) out.add(c);
  for (const m of text.matchAll(/\bfinding\(\s*([^,]+),/g)) for (const c of literalsIn(m[1]!)) out.add(c);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/\btype\s+\w*Code\s*=/.test(lines[i]!)) continue;
    for (let j = i; j < lines.length; j++) {
      const code = lines[j]!.replace(/\/\/.*$/, '').replace(/^.*\btype\s+\w*Code\s*=/, '');
      for (const c of literalsIn(code)) out.add(c);
      if (code.includes(';')) break;
    }
  }
  return out;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'];

/**
 * The severities the source gives a code where it writes both literally:
 * `{ code: 'x', severity: 'warning' }` and `finding('x', 'error', ...)` (with ternaries on either side).
 */
function severitiesInSource(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (codes: string[], severities: string[]) => {
    for (const c of codes) for (const v of severities.filter((x) => SEVERITIES.includes(x))) out.set(c, (out.get(c) ?? new Set()).add(v));
  };
  for (const m of text.matchAll(/\bcode\s*:\s*([^,;}\n]+),\s*severity\s*:\s*([^,;}\n]+)/g)) add(literalsIn(m[1]!), literalsIn(m[2]!));
  for (const m of text.matchAll(/\bfinding\(\s*([^,]+),\s*([^,]+),/g)) add(literalsIn(m[1]!), literalsIn(m[2]!));
  return out;
}

function codesOf(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) for (const c of codesInSource(fs.readFileSync(f, 'utf8'))) out.add(c);
  return out;
}

interface Section {
  code: string;
  line: number;
  body: string;
}

/** The "## " sections of a Markdown text (headings inside ``` fences do not count). */
function sectionsOf(markdown: string): Section[] {
  const out: Section[] = [];
  let fenced = false;
  let current: Section | null = null;
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,2} /.test(line);
    if (heading) {
      current = null;
      const m = /^## (.*)$/.exec(line);
      if (m) {
        current = { code: m[1]!.trim(), line: i + 1, body: '' };
        out.push(current);
      }
      return;
    }
    if (current) current.body += line + '\n';
  });
  return out;
}

const ruleCodes = new Set(allRules.map((r) => r.code));
const sourceCodes = {
  rules: codesOf(SOURCES.rules),
  certificates: codesOf(SOURCES.certificates),
  probe: codesOf(SOURCES.probe),
};
const allCodes = new Set([...ruleCodes, ...sourceCodes.rules, ...sourceCodes.certificates, ...sourceCodes.probe]);
const doc = fs.readFileSync(DOC, 'utf8');
const sections = sectionsOf(doc);
const byCode = new Map(sections.map((s) => [s.code, s]));

test('the code collection finds the codes it is meant to find', () => {
  // If these fail, the regular expressions above no longer match how the source writes codes.
  assert.ok(SOURCES.rules.length > 0 && SOURCES.certificates.length > 0, 'the rule and certificate sources were not found');
  for (const code of ['syntax-error', 'unknown-parameter', 'tls-disabled']) assert.ok(configRules.some((r) => r.code === code), `configRules lacks ${code}`);
  for (const code of ['invalid-value', 'crlf-line-endings', 'tls-disabled', 'cert-name-mismatch', 'cert-self-signed', 'cert-chain-incomplete']) assert.ok(sourceCodes.rules.has(code), `rules/: ${code} not found`);
  for (const code of ['cert-file-missing', 'key-file-missing', 'cert-file-unreadable', 'key-mismatch', 'cert-not-pem', 'cert-not-checked', 'cert-settings-ignored']) {
    assert.ok(sourceCodes.rules.has(code), `rules/: ${code} not found`);
  }
  assert.ok(sourceCodes.certificates.has('cert-not-pem'), 'certificate sources: the verdict code cert-not-pem not found');
  if (SOURCES.probe.length > 0) assert.ok(sourceCodes.probe.size > 0, 'the probe sources exist but no code was found in them');
  for (const code of allCodes) assert.match(code, CODE_SHAPE);
});

test('every code the source writes is the code of a rule of the registry; a code has one rule per kind of evidence, and its rules agree', () => {
  const unregistered = [...allCodes].filter((c) => !ruleCodes.has(c)).sort();
  assert.deepEqual(unregistered, [], `codes written in the source without a rule in core/rules/registry.ts: ${unregistered.join(', ')}`);
  const seen = new Map<string, (typeof allRules)[number]>();
  for (const r of allRules) {
    const key = `${r.code} ${r.evidence}`;
    assert.ok(!seen.has(key), `two rules judge ${r.evidence} evidence under the code ${r.code}`);
    seen.set(key, r);
    const first = allRules.find((x) => x.code === r.code)!;
    assert.equal(r.severity, first.severity, `${r.code}: its ${r.evidence} rule's default severity differs from its ${first.evidence} rule's`);
    assert.equal(r.why, first.why, `${r.code}: its ${r.evidence} rule's reason differs from its ${first.evidence} rule's`);
  }
});

test('every rule of the registry judges its evidence with a check of its own', () => {
  for (const r of allRules) {
    assert.equal(typeof r.check, 'function', `${r.code}: no check`);
    assert.ok(!('madeBy' in r), `${r.code}: declared as made elsewhere (madeBy) instead of checked`);
  }
});

test('only the rules give a code a severity: the readers, loaders and the probe gather evidence', () => {
  // `{ code: 'x', severity: ... }` or finding('x', 'error', ...) outside core/rules/ is a finding made
  // where its evidence is read, which the rule's check should make instead.
  const judged = [...SOURCES.certificates, ...SOURCES.probe].flatMap((f) => [...severitiesInSource(fs.readFileSync(f, 'utf8')).keys()].map((code) => `${path.relative(ROOT, f)}: ${code}`));
  assert.deepEqual(judged, []);
  assert.ok(severitiesInSource(fs.readFileSync(path.join(ROOT, 'server', 'src', 'core', 'rules', 'certificates', 'cert-file-unreadable.ts'), 'utf8')).has('cert-file-unreadable'), 'the severity collection no longer finds how a rule writes its findings');
});

test('docs/rules.md has one "## <code>" section for every code the software can emit', () => {
  const missing = [...allCodes].filter((c) => !byCode.has(c)).sort();
  assert.deepEqual(missing, [], `docs/rules.md has no section for: ${missing.join(', ')}`);
});

test('docs/rules.md has no section for a code that does not exist, and none twice', () => {
  const unknown = sections.filter((s) => !allCodes.has(s.code)).map((s) => `"## ${s.code}" (line ${s.line})`);
  assert.deepEqual(unknown, [], `sections for codes the software never emits: ${unknown.join(', ')}`);
  const seen = new Set<string>();
  const twice = sections.filter((s) => (seen.has(s.code) ? true : (seen.add(s.code), false))).map((s) => s.code);
  assert.deepEqual(twice, [], `sections that appear more than once: ${twice.join(', ')}`);
});

test('every section explains the fix and shows an example', () => {
  for (const s of sections) {
    assert.match(s.body, /\*\*How to fix it\.\*\*/, `## ${s.code} (line ${s.line}) has no "**How to fix it.**" paragraph`);
    assert.match(s.body, /^```/m, `## ${s.code} (line ${s.line}) has no example (a fenced block)`);
    assert.equal((s.body.match(/^\s*```/gm) ?? []).length % 2, 0, `## ${s.code} (line ${s.line}) has an unclosed code fence`);
    assert.ok(s.body.trim().split(/\s+/).length >= 40, `## ${s.code} (line ${s.line}) is too short to explain anything`);
  }
});

test('every section states its rule\'s default severity and why it matters', () => {
  for (const rule of allRules) {
    const s = byCode.get(rule.code);
    if (!s) continue; // reported above
    const head = s.body.split('**Why it matters.**')[0]!;
    const stated = /Default severity( in the probe report)?: [^]*$/.exec(head)?.[0] ?? '';
    assert.ok(stated.includes(`**${rule.severity}**`), `## ${rule.code} (line ${s.line}): no "Default severity: ... **${rule.severity}**" before "Why it matters"`);
    assert.match(s.body, /\*\*Why it matters\.\*\*/, `## ${rule.code} (line ${s.line}) has no "**Why it matters.**" paragraph`);
    assert.ok(rule.why.length >= 30 && /\.$/.test(rule.why), `${rule.code}: its why is not a sentence: "${rule.why}"`);
  }
});

test('every section names the severities the source gives its code', () => {
  const expected = new Map<string, Set<string>>();
  for (const f of [...SOURCES.rules, ...SOURCES.certificates, ...SOURCES.probe]) {
    for (const [code, levels] of severitiesInSource(fs.readFileSync(f, 'utf8'))) for (const l of levels) expected.set(code, (expected.get(code) ?? new Set()).add(l));
  }
  for (const rule of allRules) expected.set(rule.code, (expected.get(rule.code) ?? new Set()).add(rule.severity));
  assert.ok(expected.has('cert-expired') && expected.has('cert-file-unreadable'), 'the severity collection no longer matches how the source writes findings');
  for (const [code, levels] of expected) {
    const s = byCode.get(code);
    if (!s) continue; // reported above
    const head = s.body.split('**Why it matters.**')[0]!;
    for (const level of levels) assert.ok(head.includes(`**${level}**`), `## ${code} (line ${s.line}) does not say that its severity can be ${level}`);
  }
});

test('the introduction says how to re-level or turn off a code', () => {
  const intro = doc.slice(0, doc.search(/^## /m));
  assert.match(intro, /postfixLens\.severity/);
  assert.match(intro, /--severity [a-z-]+=off/);
});

test('the contents at the top link to every section', () => {
  const intro = doc.slice(0, doc.search(/^## /m));
  const unlisted = sections.filter((s) => !intro.includes(`](#${s.code})`)).map((s) => s.code);
  assert.deepEqual(unlisted, [], `not linked from the contents: ${unlisted.join(', ')}`);
});
