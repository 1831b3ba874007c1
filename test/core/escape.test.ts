// core/escape.ts: what a terminal, a finding's message and a VS Code label show of untrusted text.
// Hidden characters (C0, DEL, C1, bidi and zero-width controls, separators, BOM, lone surrogates)
// become \uXXXX; JSON text escaped so stays valid JSON with the same strings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeForTerminal, escapeHidden, escapeLabel, escapeWireLine } from '../../server/src/core/escape';
import { nameForMessage, quoteForMessage } from '../../server/src/core/config/quote';
import { FUZZ_SEED, fuzzParams } from '../helpers/fuzz-settings';

 
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('terminal text: escapes become visible \\uXXXX, LF and tab stay, the rest is untouched', () => {
  assert.equal(escapeForTerminal('a\x1b[2Jb\rc\nd\te'), 'a\\u001b[2Jb\\u000dc\nd\te');
  assert.equal(escapeForTerminal('\u009b31m \u202egpj \u2028 \ufeff \u007f \u0085'), '\\u009b31m \\u202egpj \\u2028 \\ufeff \\u007f \\u0085');
  assert.equal(escapeForTerminal('a\ud800b 😀'), 'a\\ud800b 😀');
  for (const plain of ['mail.example.com', 'bücher.example … «ok»', 'C:\\path\\x1b', '$(pass) [x](y)']) assert.equal(escapeForTerminal(plain), plain);
});

test('messages and labels: one line, a tab as a space', () => {
  assert.equal(escapeHidden('a\nb'), 'a\\u000ab');
  assert.equal(quoteForMessage('x\ty\u202ez\x1b'), 'x y\\u202ez\\u001b');
  assert.equal(nameForMessage('my\u009bname'), 'my\\u009bname');
  assert.equal(escapeLabel('$(pass-filled)\u202e\tx\n'), '$\u200b(pass-filled)\\u202e x\\u000a');
});

test('wire bytes: printable ASCII only, every other byte as \\xNN', () => {
  assert.equal(escapeWireLine('220 \x1b[31mred\x00\\ \xe9'), '220 \\x1b[31mred\\x00\\\\ \\xe9');
});

test(`property: nothing hidden survives, escaping twice changes nothing, JSON stays the same JSON (seed ${FUZZ_SEED})`, () => {
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('\x1b', '\r', '\n', '\t', '\u009b', '\u202e', '\u2028', '\ufeff', '\ud800', '\\', '"', '$', '('), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n))), maxLength: 80 });
  fc.assert(
    fc.property(text, fc.array(text, { maxLength: 4 }), (s, list) => {
      const shown = escapeForTerminal(s);
      assert.doesNotMatch(shown, HIDDEN);
      assert.equal(escapeForTerminal(shown), shown);
      const json = JSON.stringify({ s, list }, null, 2);
      const escaped = escapeForTerminal(json);
      assert.doesNotMatch(escaped, HIDDEN);
      assert.deepEqual(JSON.parse(escaped), JSON.parse(json));
      const label = escapeLabel(s);
      assert.doesNotMatch(label.replace(/\$\u200b\(/g, '$'), HIDDEN, 'only our own zero-width space after "$"');
      assert.doesNotMatch(label, /[\n\t]/);
      assert.ok(!label.includes('$('));
    }),
    fuzzParams(500),
  );
});
