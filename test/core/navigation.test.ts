// What is at a position, where a $name is defined and used, the outline, the file a *_file value
// names, and the analysis editor features use while a line is being typed. Pure, from inline text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../server/src/core/validate';
import { targetAt, type Target } from '../../server/src/core/navigation/at-position';
import { definitionOf, overridesOf } from '../../server/src/core/navigation/definition';
import { declarationsOf, referencesTo } from '../../server/src/core/navigation/references';
import { mainSymbols, masterSymbols } from '../../server/src/core/navigation/symbols';
import { filePathAt } from '../../server/src/core/navigation/file-path';
import type { Range } from '../../server/src/core/types';

const MAIN = [
  'myhostname = mail.example.com', // 0
  'mydomain = example.com', // 1
  '# comment', // 2
  'smtpd_banner = $myhostname ESMTP ${mail_name?{($mail_name)}} $(mydomain)', // 3
  'relayhost = [$mydomain]', // 4
  'smtpd_reject_footer = see $myhostname', // 5 (a raw parameter: never expanded)
  'custom_name = x', // 6
  'alias_maps = hash:/etc/aliases,', // 7
  '    $custom_name', // 8
  '',
].join('\n');
const MASTER = [
  'smtp      inet  n       -       y       -       -       smtpd', // 0
  'submission inet n       -       y       -       -       smtpd', // 1
  '  -o myhostname=sub.example.com', // 2
  '  -o smtpd_banner=$myhostname ready', // 3 ("ready" is a separate argument)
  '',
].join('\n');

const a = analyzeConfig(MAIN, MASTER, { configDir: '/etc/postfix', version: '3.7' });
const mainLines = MAIN.split('\n');
const masterLines = MASTER.split('\n');

const r = (line: number, start: number, end: number, endLine = line): Range => ({ start: { line, character: start }, end: { line: endLine, character: end } });
/** The range of the n-th occurrence of `word` on a line. */
function find(lines: string[], line: number, word: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = lines[line]!.indexOf(word, at + 1);
  assert.ok(at >= 0, `${word} on line ${line}`);
  return r(line, at, at + word.length);
}
const brief = (t: Target | null) => (t ? { kind: t.kind, range: t.range, ...(t.kind === 'reference' ? { name: t.name } : {}) } : null);

test('targetAt: names, values and every form of $reference, nested and continued', () => {
  assert.deepEqual(brief(targetAt(a, 'main.cf', { line: 0, character: 3 })), { kind: 'name', range: r(0, 0, 10) });
  const v = targetAt(a, 'main.cf', { line: 0, character: 15 });
  assert.equal(v?.kind, 'value');
  assert.equal(v?.kind === 'value' && v.offset, 2);
  assert.deepEqual(brief(targetAt(a, 'main.cf', { line: 3, character: 18 })), { kind: 'reference', name: 'myhostname', range: find(mainLines, 3, 'myhostname') });
  // ${mail_name?{($mail_name)}}: the outer name, then the one inside the braces.
  const outer = find(mainLines, 3, 'mail_name', 0);
  const inner = find(mainLines, 3, 'mail_name', 1);
  assert.deepEqual(brief(targetAt(a, 'main.cf', outer.start)), { kind: 'reference', name: 'mail_name', range: outer });
  assert.deepEqual(brief(targetAt(a, 'main.cf', { line: 3, character: inner.start.character + 2 })), { kind: 'reference', name: 'mail_name', range: inner });
  const ref = targetAt(a, 'main.cf', { line: 3, character: find(mainLines, 3, '$(mydomain)').start.character });
  assert.equal(ref?.kind === 'reference' && ref.name, 'mydomain');
  assert.deepEqual(ref?.kind === 'reference' && ref.refRange, find(mainLines, 3, '$(mydomain)'));
  assert.deepEqual(brief(targetAt(a, 'main.cf', { line: 8, character: 8 })), { kind: 'reference', name: 'custom_name', range: r(8, 5, 16) });
  assert.equal(targetAt(a, 'main.cf', { line: 5, character: 30 })?.kind, 'value', 'a raw parameter has no references');
  assert.equal(targetAt(a, 'main.cf', { line: 2, character: 3 }), null, 'comment');
  assert.equal(targetAt(a, 'main.cf', { line: 500, character: 3 }), null, 'past the end');
  assert.equal(targetAt(a, 'main.cf', { line: -1, character: -3 }), null);
  const m = targetAt(a, 'master.cf', { line: 3, character: 20 });
  assert.equal(m?.kind === 'reference' && m.setting.scope?.service.id, 'submission/inet');
  const field = targetAt(a, 'master.cf', { line: 0, character: 12 });
  assert.equal(field?.kind === 'field' && field.field, 1);
});

test('definitionOf: the -o of the service, then main.cf, then the built-in default; read-only service names', () => {
  const sub = a.model.scopes.find((s) => s.service.id === 'submission/inet')!;
  assert.deepEqual(definitionOf(a, 'myhostname', null), { name: 'myhostname', source: 'main.cf', value: 'mail.example.com', location: { file: 'main.cf', range: r(0, 0, 10) } });
  assert.deepEqual(definitionOf(a, 'myhostname', sub), { name: 'myhostname', source: 'override', value: 'sub.example.com', location: { file: 'master.cf', range: r(2, 5, 15) } });
  assert.deepEqual(definitionOf(a, 'mydomain', sub).location, { file: 'main.cf', range: r(1, 0, 8) });
  assert.deepEqual(definitionOf(a, 'service_name', sub), { name: 'service_name', source: 'service', value: 'submission', location: { file: 'master.cf', range: r(1, 0, 10) } });
  assert.equal(definitionOf(a, 'mail_name', null).source, 'default');
  assert.equal(definitionOf(a, 'mail_name', null).value, 'Postfix');
  assert.deepEqual(definitionOf(a, 'nosuch', null), { name: 'nosuch', source: 'undefined', value: null });
  assert.deepEqual(
    overridesOf(a, 'myhostname').map((o) => [o.service, o.override.nameRange]),
    [['submission/inet', r(2, 5, 15)]],
  );
});

test('referencesTo / declarationsOf: every $name use (names only) and every line that sets it', () => {
  assert.deepEqual(referencesTo(a, 'myhostname'), [
    { file: 'main.cf', range: find(mainLines, 3, 'myhostname') },
    { file: 'master.cf', range: find(masterLines, 3, 'myhostname') },
  ]);
  assert.deepEqual(referencesTo(a, 'mail_name'), [
    { file: 'main.cf', range: find(mainLines, 3, 'mail_name', 0) },
    { file: 'main.cf', range: find(mainLines, 3, 'mail_name', 1) },
  ]);
  assert.deepEqual(referencesTo(a, 'mydomain').map((l) => l.range), [find(mainLines, 3, 'mydomain'), find(mainLines, 4, 'mydomain')]);
  assert.deepEqual(referencesTo(a, 'custom_name'), [{ file: 'main.cf', range: r(8, 5, 16) }]);
  assert.deepEqual(declarationsOf(a, 'myhostname'), [
    { file: 'main.cf', range: r(0, 0, 10) },
    { file: 'master.cf', range: r(2, 5, 15) },
  ]);
});

test('symbols: main.cf parameters with whole logical lines; master.cf services with -o children', () => {
  const main = mainSymbols(a.main);
  assert.deepEqual(main.map((s) => s.name), ['myhostname', 'mydomain', 'smtpd_banner', 'relayhost', 'smtpd_reject_footer', 'custom_name', 'alias_maps']);
  const alias = main[6]!;
  assert.deepEqual([alias.range, alias.selectionRange, alias.detail], [r(7, 0, 16, 8), r(7, 0, 10), 'hash:/etc/aliases, $custom_name']);
  const master = masterSymbols(a.master!);
  assert.deepEqual(master.map((s) => [s.name, s.kind, s.selectionRange, s.children!.map((c) => [c.name, c.detail, c.selectionRange])]), [
    ['smtp/inet', 'service', r(0, 0, 4), []],
    ['submission/inet', 'service', r(1, 0, 10), [['myhostname', 'sub.example.com', r(2, 5, 15)], ['smtpd_banner', '$myhostname', r(3, 5, 17)]]],
  ]);
});

test('filePathAt: the word under the cursor, expanded, relative paths from $queue_directory', () => {
  const text = 'smtpd_tls_cert_file = $config_directory/cert.pem\nsmtpd_tls_chain_files = /k.pem, chain.pem\nmyhostname = x\n';
  const b = analyzeConfig(text, null, { configDir: '/etc/postfix', version: '3.7' });
  const at = (line: number, character: number) => {
    const t = targetAt(b, 'main.cf', { line, character });
    return t?.kind === 'value' ? filePathAt(b, t.setting, t.offset) : t?.kind;
  };
  assert.equal(at(0, 45), '/etc/postfix/cert.pem');
  assert.equal(at(1, 26), '/k.pem');
  assert.equal(at(1, 35), '/var/spool/postfix/chain.pem');
  assert.equal(at(2, 13), null, 'not a file parameter');
});

test('a line being typed does not empty the model; postconf would stop there, and the model says so', () => {
  const text = 'myhostname = mail.example.com\nsmtpd_tls_se\nfoo = $myhostname\n';
  const a = analyzeConfig(text, null, { configDir: '/etc/postfix', version: '3.7' });
  assert.match(a.model.fatal ?? '', /missing '=' after attribute name/);
  assert.equal(a.model.dict.get('myhostname'), 'mail.example.com');
  assert.deepEqual(referencesTo(a, 'myhostname'), [{ file: 'main.cf', range: r(2, 7, 17) }]);
});
