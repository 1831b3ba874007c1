// The probe picker's items (client/src/probe-picker.ts): a target's label is drawn by VS Code, which
// shows "$(name)" as an icon and obeys bidi controls; whatever a server sends as a label is shown as
// text, escaped by the same function as the status bar and the code lenses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTER, targetItems } from '../../client/src/probe-picker';
import { escapeLabel } from '../../server/src/core/escape';
import type { ProbeTarget } from '../../server/src/protocol';

const target = (label: string): ProbeTarget => ({ host: 'mail.example.com', port: 25, mode: 'starttls', service: 'smtp', label });

test('labels cannot draw an icon, turn text around or carry control characters', () => {
  const items = targetItems([target('$(pass-filled) Trusted mail.example.com:25'), target('mail.example.com\u202egro.evil:25'), target('a\u001b]0;x\u0007\r\nb\tc')]);
  assert.deepEqual(
    items.map((i) => i.label),
    ['$\u200b(pass-filled) Trusted mail.example.com:25', 'mail.example.com\\u202egro.evil:25', 'a\\u001b]0;x\\u0007\\u000d\\u000ab c', ENTER],
  );
  assert.equal(items[0]!.target!.host, 'mail.example.com', 'the target itself is passed on unchanged');
  assert.equal(items.at(-1)!.target, undefined);
});

test('escapeLabel leaves ordinary labels alone and is the status bar\'s escaping', () => {
  for (const plain of ['mail.example.com:587 (submission, STARTTLS)', '[::1]:25 (smtp, STARTTLS, as mail.example.com)', 'Expires in 9 days', 'bücher.example', '$HOME (x)']) {
    assert.equal(escapeLabel(plain), plain);
  }
  assert.equal(escapeLabel('$(error) $(x'), '$\u200b(error) $\u200b(x');
});
