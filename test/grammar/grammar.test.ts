// TextMate grammar tests for main.cf / master.cf.
//
// The annotated fixtures in test/grammar/fixtures/*.test use the vscode-tmgrammar-test
// format: the first line is `# SYNTAX TEST "<scopeName>"`, and a line starting with
// `#` followed by `^^^` or `<---` asserts the scopes of the source line above it
// (assertion lines are not fed to the tokenizer, so they never break a continued value).
//
// Run: node --import tsx --test test/grammar/grammar.test.ts   (from the repository root)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixturesDir = join(root, 'test', 'grammar', 'fixtures');
const tmgrammarTest = join(root, 'node_modules', '.bin', 'vscode-tmgrammar-test');
const grammarFiles = [
  join(root, 'syntaxes', 'postfix-main-cf.tmLanguage.json'),
  join(root, 'syntaxes', 'postfix-master-cf.tmLanguage.json'),
];

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
}
interface LanguageContribution {
  id: string;
  configuration?: string;
}

function fixtures(): string[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.test'))
    .sort()
    .map((f) => join(fixturesDir, f));
}

/** Assertion lines: `#` then optional blanks then `^` or `<-`. */
function assertionLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /^#\s*(\^|<~*-)/.test(l));
}

function runTool(files: string[]): { status: number | null; output: string } {
  const args = grammarFiles.flatMap((g) => ['-g', g]).concat(['--compact'], files);
  const r = spawnSync(tmgrammarTest, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('vscode-tmgrammar-test is installed', () => {
  assert.ok(existsSync(tmgrammarTest), `missing ${tmgrammarTest}: run npm install`);
});

test('fixtures exist, declare a Postfix scope and carry assertions', () => {
  const files = fixtures();
  const names = files.map((f) => f.slice(fixturesDir.length + 1));
  for (const required of ['main.cf.test', 'master.cf.test']) assert.ok(names.includes(required), `missing ${required}`);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const header = text.split(/\r?\n/, 1)[0];
    assert.match(header, /^# SYNTAX TEST "source\.postfix\.(main|master)-cf"/, `${f}: bad header`);
    assert.ok(assertionLines(text).length >= 50, `${f} has too few assertions`);
  }
});

test('grammar fixtures pass', () => {
  const files = fixtures();
  const { status, output } = runTool(files);
  assert.equal(status, 0, `vscode-tmgrammar-test failed:\n${output}`);
  for (const f of files) {
    assert.match(output, new RegExp(`✓ .*${f.slice(fixturesDir.length + 1).replace(/\./g, '\\.')}`), output);
  }
});

test('a deliberately wrong annotation fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postfix-lens-grammar-'));
  try {
    // Each mutation turns one true assertion into a false one; the tool must reject every copy.
    const mutations: { fixture: string; from: RegExp; to: string; why: string }[] = [
      {
        fixture: 'main.cf.test',
        from: /^(#\s+\^ )keyword\.operator\.assignment\.postfix$/m,
        to: '$1comment.line.number-sign.postfix',
        why: 'wrong scope on "="',
      },
      {
        // "x = a # b": the "#" is part of the value; claiming it is a comment must fail.
        fixture: 'main.cf.test',
        from: /^(#\s+\^+ string\.unquoted\.value\.postfix) - (comment\.line\.number-sign\.postfix)$/m,
        to: '$1 $2',
        why: '"#" after the value claimed to be a comment',
      },
      {
        fixture: 'master.cf.test',
        from: /^(#\s+\^+ meta\.service\.postfix) storage\.type\.service\.postfix$/m,
        to: '$1 support.function.command.postfix',
        why: 'service type claimed to be the command',
      },
    ];
    mutations.forEach((m, i) => {
      const original = readFileSync(join(fixturesDir, m.fixture), 'utf8');
      assert.match(original, m.from, `mutation ${i} (${m.why}) no longer applies to ${m.fixture}`);
      const wrong = original.replace(m.from, m.to);
      assert.notEqual(wrong, original);
      const file = join(dir, `wrong-${i}-${m.fixture}`);
      writeFileSync(file, wrong);
      const { status, output } = runTool([file]);
      assert.notEqual(status, 0, `expected failure for ${m.why}, got:\n${output}`);
      assert.match(output, /missing required scopes|prohibited scopes/i, output);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json grammars point at existing files with that scopeName', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { grammars: GrammarContribution[]; languages: LanguageContribution[] };
  };
  const grammars = pkg.contributes.grammars;
  assert.ok(grammars.length >= 2, 'expected the main.cf and master.cf grammars');
  const languageIds = new Set(pkg.contributes.languages.map((l) => l.id));
  for (const g of grammars) {
    const file = resolve(root, g.path);
    assert.ok(existsSync(file), `${g.path} does not exist`);
    const grammar = JSON.parse(readFileSync(file, 'utf8')) as { scopeName?: string; patterns?: unknown[] };
    assert.equal(grammar.scopeName, g.scopeName, `${g.path} declares scopeName ${grammar.scopeName}`);
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0, `${g.path} has no patterns`);
    if (g.language !== undefined) assert.ok(languageIds.has(g.language), `unknown language ${g.language}`);
  }
  const scopes = grammars.map((g) => g.scopeName).sort();
  assert.deepEqual(scopes, ['source.postfix.main-cf', 'source.postfix.master-cf']);
  for (const l of pkg.contributes.languages) {
    if (l.configuration === undefined) continue;
    const file = resolve(root, l.configuration);
    assert.ok(existsSync(file), `${l.configuration} does not exist`);
    JSON.parse(readFileSync(file, 'utf8'));
  }
});

test('language configuration: # comments, brackets, pairs, words', () => {
  const conf = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
  };
  assert.equal(conf.comments.lineComment, '#');
  assert.deepEqual(conf.brackets, [
    ['{', '}'],
    ['(', ')'],
  ]);
  for (const [open, close] of [
    ['{', '}'],
    ['(', ')'],
    ['"', '"'],
  ]) {
    assert.ok(conf.autoClosingPairs.some((p) => p.open === open && p.close === close), `auto-close ${open}`);
    assert.ok(conf.surroundingPairs.some(([o, c]) => o === open && c === close), `surround ${open}`);
  }
  const word = new RegExp(conf.wordPattern, 'g');
  const words = (s: string) => s.match(word) ?? [];
  assert.deepEqual(words('smtpd_tls_cert_file = $config_directory/cert.pem'), [
    'smtpd_tls_cert_file',
    '$config_directory',
    'cert',
    'pem',
  ]);
  assert.deepEqual(words('$name'), ['$name']);
  assert.deepEqual(words('${myhostname}'), ['myhostname']);
});
