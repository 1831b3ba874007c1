// Hostile input never crashes or hangs the core: each case ends with a clear finding. The timeouts
// here only guard against a hang (speed itself is measured by npm run bench, not asserted).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, validate } from '../../server/src/core/validate';
import { LineIndex } from '../../server/src/core/config/logical-lines';
import { completionContext } from '../../server/src/core/completion/context';
import { certificateTargets } from '../../server/src/core/tls/config-targets';
import { scanPem } from '../../server/src/core/tls/pem';

const GUARD = { timeout: 30_000 };
const codesOf = (main: string, master: string | null = null) => validate(main, master).map((f) => f.code);

test('a 10 MB single line', GUARD, () => {
  const f = validate('smtpd_bannr = ' + 'a'.repeat(10 * 1024 * 1024) + '\n', null);
  assert.deepEqual(f.map((x) => x.code), ['unknown-parameter']);
  assert.ok(f[0].message.length < 400, 'messages quote a bounded amount of text');
  const g = validate('x'.repeat(10 * 1024 * 1024), null);
  assert.deepEqual(g.map((x) => x.code), ['syntax-error']);
  assert.ok(g[0].message.length < 400);
});

test('NUL bytes', GUARD, () => {
  assert.deepEqual(codesOf('smtpd_banner = a\0b\n\0\0\0 = 1\n').sort(), ['invalid-character', 'invalid-character', 'syntax-error']);
});

test('10,000 nested ${ (unterminated and balanced)', GUARD, () => {
  const open = validate('smtpd_banner = ' + '${'.repeat(10000) + '\n', null);
  assert.deepEqual(open.map((f) => f.code), ['syntax-error']);
  assert.match(open[0].message, /truncated macro reference/);
  assert.ok(open[0].message.length < 400);
  const balanced = validate('smtpd_banner = ' + '${a?{'.repeat(10000) + 'x' + '}}'.repeat(10000) + '\n', null);
  assert.ok(balanced.some((f) => f.code === 'reference-cycle' && /nests/.test(f.message)));
  const relational = validate('smtpd_banner = ' + '${{'.repeat(10000) + '1} == {1}}'.repeat(10000) + '\n', null);
  assert.ok(relational.some((f) => f.code === 'reference-cycle'));
});

test('a 100-parameter reference cycle', GUARD, () => {
  let text = '';
  for (let i = 0; i < 100; i++) text += `p${i} = $p${(i + 1) % 100}\n`;
  const f = validate(text + 'smtpd_banner = $p0\n', null);
  const cycles = f.filter((x) => x.code === 'reference-cycle');
  assert.ok(cycles.length >= 100, `each member of the loop is marked (${cycles.length})`);
  assert.match(cycles[0].message, /\$p0 → \$p1 → \$p2/);
});

test('references that double at every step (exponential expansion)', GUARD, () => {
  let text = '';
  for (let i = 0; i < 40; i++) text += `q${i} = $q${i + 1} $q${i + 1}\n`;
  const f = validate(text + 'q40 = x\nsmtpd_banner = $q0\n', null);
  assert.ok(f.some((x) => x.code === 'reference-cycle' && /enormous/.test(x.message)));
});

test('CRLF line endings and text that was not UTF-8', GUARD, () => {
  assert.deepEqual(codesOf('myhostname = mail.example.com\r\nsmtpd_banner = $myhostname\r\n'), ['crlf-line-endings']);
  // As decoded by the command line when a file is not valid UTF-8 (one character per byte).
  const f = validate('myhostname = caf\u00e9\u00ff\n', null, { encodings: { 'main.cf': 'latin1' } });
  assert.deepEqual(f.map((x) => x.code), ['invalid-character']);
});

test('random bytes as main.cf and master.cf', GUARD, () => {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < 50; n++) {
    const chars = Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(rnd() * 128)));
    const text = chars.join('').replace(/[a-z]{3}/g, (m) => `\n${m} = $${m} \${`);
    validate(text, text);
  }
});

// Regular expressions anchored only at the end (/\/+$/, /[^\s,]*$/) backtrack quadratically over a
// long run of matching characters followed by another one: 100,000 of them took 16 s. These inputs
// would hang the language server if any such expression came back.
test('completion in a megabyte-long value: the word and the $reference before the cursor', GUARD, () => {
  const value = 'x'.repeat(500_000) + ' b-$myhost' + 'y'.repeat(500_000);
  const text = `smtpd_banner = ${value}\n`;
  const index = new LineIndex(text);
  const dollar = text.indexOf('$');
  const word = completionContext(index, 'main.cf', { line: 0, character: dollar });
  assert.equal(word?.kind === 'value' && word.word, 'b-');
  const ref = completionContext(index, 'main.cf', { line: 0, character: dollar + 5 });
  assert.deepEqual(ref && { kind: ref.kind, prefix: ref.kind === 'reference' ? ref.prefix : null }, { kind: 'reference', prefix: 'myho' });
  const deep = completionContext(index, 'main.cf', { line: 0, character: 15 + 900_000 });
  // Deep inside "$myhostyyyy…": still the reference, its whole name so far as the prefix.
  assert.equal(deep?.kind === 'reference' && deep.prefix.length, 'myhost'.length + 399_990);
});

test('a queue_directory of 200,000 slashes and a relative certificate path', GUARD, () => {
  const main = `queue_directory = /${'/'.repeat(200_000)}q\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = cert.pem\nsmtpd_tls_key_file = key.pem\n`;
  const { targets } = certificateTargets(analyzeConfig(main, null, { version: '3.7' }), []);
  const files = targets.flatMap((t) => (t.certPath ? [t.certPath] : []));
  assert.ok(files.length > 0, JSON.stringify(targets.map((t) => Object.keys(t))));
  for (const f of files) assert.ok(String(f).endsWith('q/cert.pem'), String(f).slice(-40));
});

test('a PEM END line followed by 200,000 blanks and a letter', GUARD, () => {
  const pem = `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----${' '.repeat(200_000)}x\n`;
  const scan = scanPem(new Uint8Array(Buffer.from(pem, 'latin1')));
  assert.equal(scan.total, 1);
  assert.match(JSON.stringify(scan.blocks[0]), /instead of/);
});

test('names of Object properties as a table type or a master.cf command are words like any other', GUARD, () => {
  // Looked up in plain objects, "constructor" found Object's own and the analysis threw.
  assert.deepEqual(codesOf('alias_maps = constructor:x, __proto__:y, hasOwnProperty:z\n'), []);
  assert.deepEqual(codesOf('', 'a unix - n n - - constructor\nb unix - n n - - __proto__\nc unix - n n - - toString\n'), []);
});
