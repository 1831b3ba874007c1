// Completion: what is being typed (from the text alone) and what is offered for it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../server/src/core/validate';
import { complete, completionContext, pathCompletions, type Completion } from '../../server/src/core/completion/index';
import { LineIndex } from '../../server/src/core/config/logical-lines';

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

/** Complete at the "|" in the text (main.cf unless said otherwise). */
function at(marked: string, file: 'main.cf' | 'master.cf' = 'main.cf', master: string | null = null) {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const index = new LineIndex(text);
  const p = index.positionAt(offset);
  const a = file === 'main.cf' ? analyzeConfig(text, master, { version: '3.7' }) : analyzeConfig('myhostname = m.example\n', text, { version: '3.7' });
  return { context: completionContext(index, file, p), answer: complete(a, file, p, index) };
}
const items = (r: ReturnType<typeof at>): Completion[] => ('items' in r.answer ? r.answer.items : []);
const labels = (r: ReturnType<typeof at>) => items(r).map((i) => i.label);

test('parameter names at the start of a main.cf line, with descriptions; obsolete ones tagged', () => {
  const r = at('myhostname = x\nsmtpd_tls_se|\n');
  assert.deepEqual(r.context, { kind: 'name', prefix: 'smtpd_tls_se', range: range(1, 0, 12), assign: ' = ' });
  const level = items(r).find((i) => i.label === 'smtpd_tls_security_level')!;
  assert.deepEqual(level.edit, { range: range(1, 0, 12), newText: 'smtpd_tls_security_level = ' });
  assert.equal(level.detail, 'none | may | encrypt');
  assert.match(level.documentation!, /TLS/);
  const old = items(r).find((i) => i.label === 'smtpd_use_tls')!;
  assert.equal(old.deprecated, true);
  assert.match(old.detail!, /use smtpd_tls_security_level/);
  assert.ok(items(r).length > 500, 'every parameter of the version');
  assert.ok(!labels(r).includes('process_id'), 'read-only parameters cannot be set');
  // Renaming an existing line: no second " = ".
  assert.equal(items(at('smtpd_tls_se| = may\n')).find((i) => i.label === 'smtpd_tls_security_level')!.edit.newText, 'smtpd_tls_security_level');
  assert.deepEqual(labels(at('myhostname |= x\n')), [], 'after the name, before "="');
});

test('values: enumerations, yes/no, list items after a prefix, nothing for free text', () => {
  const r = at('smtpd_tls_security_level = |\n');
  assert.deepEqual(labels(r), ['none', 'may', 'encrypt']);
  assert.deepEqual(items(r)[1]!.edit, { range: range(0, 27, 27), newText: 'may' });
  const right = at('smtpd_tls_security_level =|\n');
  assert.equal(items(right)[1]!.edit.newText, ' may', 'a space after "="');
  assert.deepEqual(items(at('smtpd_tls_security_level = en|\n'))[0]!.edit.range, range(0, 27, 29));
  assert.deepEqual(labels(at('smtpd_sasl_auth_enable = |')), ['yes', 'no']);
  const list = at('smtpd_tls_protocols = !SSLv2, >=TL|');
  assert.ok(labels(list).includes('TLSv1.2'));
  assert.deepEqual(items(list)[0]!.edit.range, range(0, 32, 34), 'after ">="');
  assert.deepEqual(labels(at('smtpd_banner = $myhostname |')), []);
  // A continued value still belongs to its parameter.
  assert.deepEqual(labels(at('smtpd_tls_protocols = !SSLv2,\n# comment\n    !|')).slice(0, 2), ['SSLv2', 'SSLv3']);
});

test('$names after "$", "${" and "$(": known and user-defined names, the closing brace added', () => {
  const r = at('my_own = x\nsmtpd_banner = ${my|\n');
  assert.deepEqual(r.context, { kind: 'reference', prefix: 'my', range: range(1, 17, 19), close: '}' });
  const own = items(r).find((i) => i.label === 'my_own')!;
  assert.deepEqual([own.kind, own.detail, own.edit.newText], ['variable', 'x', 'my_own}']);
  assert.ok(labels(r).includes('myhostname'));
  assert.equal(items(at('a = ${my|}')).find((i) => i.label === 'myhostname')!.edit.newText, 'myhostname', 'the brace is already there');
  assert.equal(items(at('a = $(|')).find((i) => i.label === 'myhostname')!.edit.newText, 'myhostname)');
  assert.equal(at('a = $$|').context?.kind, 'value', '"$$" is a literal dollar');
  assert.equal(at('# a = $|').context, null, 'comment');
});

test('file names for *_file values: the directory to list (expanded) and the part to replace', () => {
  const r = at('smtpd_tls_cert_file = $config_directory/ce|\n');
  assert.deepEqual(r.answer, { directory: '/etc/postfix/', range: range(0, 40, 42) });
  assert.deepEqual(at('smtpd_tls_chain_files = /etc/ssl/a.pem, /etc/ssl/pri|').answer, { directory: '/etc/ssl/', range: range(0, 49, 52) });
  assert.deepEqual(at('smtpd_tls_cert_file = relative|').answer, { items: [] });
  assert.deepEqual(
    pathCompletions([{ name: 'live', directory: true }, { name: 'cert.pem', directory: false }], range(0, 1, 2)).map((i) => [i.label, i.kind, i.edit.newText]),
    [['live/', 'folder', 'live/'], ['cert.pem', 'file', 'cert.pem']],
  );
});

test('master.cf: the columns, -o parameter names and values, "-o" itself', () => {
  assert.deepEqual(labels(at('smtp i|', 'master.cf')), ['unix', 'fifo', 'inet', 'pass', 'unix-dgram']);
  assert.deepEqual(items(at('smtp i|', 'master.cf'))[0]!.edit.range, range(0, 5, 6));
  assert.deepEqual(labels(at('smtp inet |', 'master.cf')), ['y', 'n', '-']);
  assert.ok(labels(at('smtp inet n - y - - sm|', 'master.cf')).includes('smtpd'));
  const name = at('submission inet n - y - - smtpd\n  -o smtpd_tls_se|', 'master.cf');
  assert.deepEqual(name.context, { kind: 'name', prefix: 'smtpd_tls_se', range: range(1, 5, 17), assign: '=' });
  assert.equal(items(name).find((i) => i.label === 'smtpd_tls_security_level')!.edit.newText, 'smtpd_tls_security_level=');
  const value = at('submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=e|', 'master.cf');
  assert.deepEqual(items(value).map((i) => [i.label, i.edit.newText]), [['none', 'none'], ['may', 'may'], ['encrypt', 'encrypt']]);
  assert.deepEqual(items(value)[0]!.edit.range, range(1, 30, 31));
  assert.deepEqual(labels(at('submission inet n - y - - smtpd\n  -|', 'master.cf')), ['-o']);
  // After a non-option argument, "-o" is no option any more.
  assert.deepEqual(labels(at('x unix - n n - - pipe argv=/bin/x -|', 'master.cf')), []);
  const ref = at('submission inet n - y - - smtpd\n  -o myhostname=sub.example\n  -o smtpd_banner=$myh|', 'master.cf');
  const own = items(ref).find((i) => i.label === 'myhostname')!;
  assert.equal(own.detail, 'sub.example', 'the value in this service');
});
