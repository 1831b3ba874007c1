// escapeMarkdown(): text from certificates and configuration files can never become Markdown
// (links, images, raw HTML, code, emphasis) nor hide itself (control and bidi characters).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clip, escapeMarkdown, markdownLink, md, unescapeMarkdown } from '../../server/src/core/markdown';

const PUNCT = /[!-/:-@[-`{-~]/;

/** The text with every backslash escape removed: what a renderer could still interpret. */
function unescapedRest(s: string): string {
  return s.replace(/\\[!-/:-@[-`{-~]/g, '');
}

test('hostile certificate subjects stay text: no HTML, no link, no image, no code, no emphasis', () => {
  const cases: [string, string][] = [
    ['<img src=x onerror=alert(1)>', '\\<img src\\=x onerror\\=alert\\(1\\)\\>'],
    ['[x](javascript:alert(1))', '\\[x\\]\\(javascript\\:alert\\(1\\)\\)'],
    ['![i](https://evil.example/t.png)', '\\!\\[i\\]\\(https\\:\\/\\/evil\\.example\\/t\\.png\\)'],
    ['`code` **bold** _it_ *it*', '\\`code\\` \\*\\*bold\\*\\* \\_it\\_ \\*it\\*'],
    ['&lt;script&gt;', '\\&lt\\;script\\&gt\\;'],
    ['<https://evil.example>', '\\<https\\:\\/\\/evil\\.example\\>'],
    ['$(alert) # heading | table', '\\$\\(alert\\) \\# heading \\| table'],
  ];
  for (const [input, expected] of cases) {
    const out = escapeMarkdown(input);
    assert.equal(out, expected, input);
    assert.doesNotMatch(out, /(^|[^\\])<img/);
    assert.ok(!out.includes(']('), `no link syntax in ${out}`);
    assert.equal(unescapedRest(out).match(PUNCT), null, `no unescaped punctuation in ${out}`);
  }
});

test('bare URLs and e-mail addresses cannot become autolinks', () => {
  for (const s of ['https://evil.example/x', 'www.evil.example', 'root@evil.example']) {
    const out = escapeMarkdown(s);
    assert.doesNotMatch(out, /https?:\/\/|www\.|(^|[^\\])@/, out);
  }
});

test('control, bidi and zero-width characters are shown as visible escapes; no line break survives', () => {
  assert.equal(escapeMarkdown('a\nb\r\nc'), 'a\\\\x0Ab\\\\x0D\\\\x0Ac');
  assert.equal(escapeMarkdown('\u001b[31mred'), '\\\\x1B\\[31mred');
  assert.equal(escapeMarkdown('evil\u202Etxt.exe'), 'evil\\\\u\\{202E\\}txt\\.exe');
  assert.equal(escapeMarkdown('a\u200Bb\uFEFF'), 'a\\\\u\\{200B\\}b\\\\u\\{FEFF\\}');
  assert.equal(escapeMarkdown('\u0000\u007f\u0085'), '\\\\x00\\\\x7F\\\\x85');
  assert.equal(escapeMarkdown('tab\there'), 'tab here');
  assert.doesNotMatch(escapeMarkdown('x\u2028y\u2029z'), /[\u2028\u2029\n\r]/);
});

test('property: every ASCII punctuation character is escaped and nothing else changes', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), (s) => {
      const out = escapeMarkdown(s);
      assert.equal(unescapedRest(out).match(PUNCT), null);
      // Printable ASCII without tabs comes back unchanged.
       
      if (!/[\u0000-\u001f\u007f]/.test(s)) assert.equal(unescapeMarkdown(out), s);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
      const out = escapeMarkdown(s);
      assert.equal(unescapedRest(out).match(PUNCT), null);
       
      assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }),
    { numRuns: 500 },
  );
});

test('clip() cuts long text without splitting a surrogate pair; md() escapes after clipping', () => {
  assert.equal(clip('abcdef', 3), 'abc…');
  assert.equal(clip('ab\u{1F600}', 3), 'ab…');
  assert.equal(md('*'.repeat(10), 4), '\\*\\*\\*\\*…');
});

test('markdownLink() links only https URLs we build, with the label escaped', () => {
  assert.equal(markdownLink('postconf(5): x_y', 'https://www.postfix.org/postconf.5.html#x_y'), '[postconf\\(5\\)\\: x\\_y](https://www.postfix.org/postconf.5.html#x_y)');
  assert.equal(markdownLink('x', 'javascript:alert(1)'), 'x');
  assert.equal(markdownLink('x', 'https://a.example/)(javascript:1'), 'x');
});
