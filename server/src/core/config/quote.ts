// Text quoted inside a finding's message: bounded in length and with control characters made
// visible, so a 10 MB line or a line full of escape codes cannot flood an editor or a terminal.

import { escapeHidden } from '../escape';

/** One line: a tab as a space, every other hidden character (see escape.ts) escaped. */
function visible(text: string): string {
  return escapeHidden(text.replace(/\t/g, ' '));
}

/** The first `max` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair. */
function head(text: string, max: number): string {
  const c = text.charCodeAt(max - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/** A value quoted in a message: at most `max` characters of it, then "…". */
export function quoteForMessage(text: string, max = 60): string {
  return visible(text.length > max ? head(text, max) + '…' : text);
}

/** Names longer than this are shown clipped in messages (no Postfix parameter name comes close). */
export const MAX_NAME_IN_MESSAGE = 100;

/**
 * A name written into a message (parameter, $name, master.cf service or field, file path): as it
 * is when it has at most MAX_NAME_IN_MESSAGE characters, else its first MAX_NAME_IN_MESSAGE, "…" and
 * its length, e.g. "aaaa… (100000 characters)". Control characters are made visible either way.
 */
export function nameForMessage(name: string, max = MAX_NAME_IN_MESSAGE): string {
  return visible(name.length > max ? `${head(name, max)}… (${name.length} characters)` : name);
}

/** A master.cf service id "name/type" in a message: the name clipped, the type kept. */
export function serviceForMessage(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash === -1 ? nameForMessage(id) : `${nameForMessage(id.slice(0, slash))}${visible(id.slice(slash))}`;
}
