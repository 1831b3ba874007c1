// Hostile input never crashes or hangs the core: each case ends with a clear finding. The timeouts
// here only guard against a hang (speed itself is measured by npm run bench, not asserted).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../server/src/core/validate';

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
