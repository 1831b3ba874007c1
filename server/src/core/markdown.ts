// Markdown for hovers and completion documentation. Everything that comes from a certificate or a
// configuration file is attacker-controlled (a certificate subject can be `<img src=x onerror=…>`)
// and goes through escapeMarkdown() before it is put into Markdown; our own fixed text does not.
//
// Contract of escapeMarkdown(text):
// - The result is one line of plain text for any Markdown renderer (CommonMark, GFM, marked,
//   markdown-it): every ASCII punctuation character is backslash-escaped. CommonMark renders an
//   escaped punctuation character literally in every context, and every Markdown construct (emphasis,
//   links, images, code spans, raw HTML, entities, autolinks such as https://… or www.…, tables,
//   headings, lists, theme icons `$(…)`) needs at least one unescaped punctuation character.
// - Characters that would change how the line is shown without being visible are written as
//   visible escapes: C0/C1 control characters and DEL as \xHH, line/paragraph separators, bidi
//   controls and zero-width characters as \u{HHHH}. A tab becomes one space. No line break survives.
// - unescapeMarkdown(escapeMarkdown(s)) === s for every s without such characters.

/** Control, bidi, zero-width and separator characters that must not reach a renderer as they are. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`;
    })
    .replace(PUNCTUATION, '\\$&');
}

/** The inverse of the punctuation escaping (for tests and for reading our own Markdown back). */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** At most `max` characters of `text` (counted in UTF-16 units), with "…" when cut. Not escaped. */
export function clip(text: string, max = 300): string {
  if (text.length <= max) return text;
  let end = max;
  // Do not cut a surrogate pair in half.
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Escaped and clipped: the form every untrusted text takes in our Markdown. */
export function md(text: string, max = 300): string {
  return escapeMarkdown(clip(text, max));
}

/** A link whose target we made ourselves (never from a file); the label is escaped. */
export function markdownLink(label: string, url: string): string {
  if (!/^https:\/\/[A-Za-z0-9./_#%-]+$/.test(url)) return escapeMarkdown(label);
  return `[${escapeMarkdown(label)}](${url})`;
}
