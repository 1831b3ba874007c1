// How untrusted text is made visible before it is shown as plain text: in a terminal (the command
// line's output, VS Code's output channel), in a finding's message, in an editor label. Markdown and
// HTML have their own escaping (markdown.ts, probe/html-report.ts) on top of the same idea.
//
// Contract:
// - Characters that would act instead of being seen are written as `\uXXXX` (JSON's and
//   JavaScript's escape, 4 lower-case hex digits): C0 controls (ESC, CR, BEL, ...), DEL, C1 controls
//   (U+009B is a CSI on many terminals), the Arabic letter mark, zero-width and bidi controls (U+202E
//   turns text around), line and paragraph separators, word joiners, bidi isolates, the BOM, and lone
//   surrogates. The form is valid inside a JSON string too, so escaping JSON text keeps it valid JSON
//   with the same meaning (these characters occur in JSON text only inside strings).
// - Everything else, any other Unicode letter or symbol and the backslash included, stays as it is.
// - Bytes from the network are not text: escapeWireLine() shows every byte outside printable ASCII
//   as \xNN, so a transcript line can carry neither escapes nor broken UTF-8.
// Pure.

// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every hidden character escaped, but those `keep` lists (e.g. "\n\t"). */
export function escapeHidden(text: string, keep = ''): string {
  return text.replace(HIDDEN, (c) => (keep.includes(c) ? c : unicodeEscape(c)));
}

/**
 * Text for a terminal: line feeds and tabs stay (they only move to the next line or column); every
 * other hidden character is escaped, so no text can move the cursor back, clear the screen, set the
 * window title, write the clipboard (OSC 52) or reorder a line. Idempotent.
 */
export function escapeForTerminal(text: string): string {
  return escapeHidden(text, '\n\t');
}

/**
 * A label VS Code shows (a code lens title, a quick pick item, the status bar): one line, hidden
 * characters escaped (a tab as a space), and "$(" broken with a zero-width space, because VS Code
 * draws "$(name)" in a label as the icon `name`. Apply it once, where the label is shown.
 */
export function escapeLabel(text: string): string {
  return escapeHidden(text.replace(/\t/g, ' ')).replace(/\$\(/g, '$\u200b(');
}

/**
 * A line of bytes from the network (`raw` is latin1 text, one character per byte): printable ASCII
 * as is, a backslash as \\, every other byte as \xNN.
 */
export function escapeWireLine(raw: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) continue;
    out += raw.slice(plainFrom, i) + (c === 0x5c ? '\\\\' : `\\x${c.toString(16).padStart(2, '0')}`);
    plainFrom = i + 1;
  }
  return plainFrom === 0 ? raw : out + raw.slice(plainFrom);
}

/** The first `max` bytes of `bytes` as escapeWireLine() shows them, with "…" when there were more. */
export function escapeWireBytes(bytes: Uint8Array, max = 120): string {
  const shown = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, max)).toString('latin1');
  return escapeWireLine(shown) + (bytes.byteLength > max ? '…' : '');
}
