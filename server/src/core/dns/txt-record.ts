// What MTA-STS (RFC 8461 section 3.1) and TLS-RPT (RFC 8460 section 3) have in common: a TXT
// record's character-strings read as one text, the one record of a version among others, and
// "name=value" fields between ";". Pure.

import { quoteForMessage } from '../config/quote';

export interface DnsProblem<Code extends string> {
  problem: Code;
  /** One sentence for a mail admin; text from DNS quoted and escaped. */
  message: string;
}

/** A TXT record's text: its character-strings joined with nothing between them (RFC 7208 section 3.3 and both RFCs here). */
export function txtText(strings: readonly string[]): string {
  return strings.join('');
}

/**
 * The records that belong to a version tag ("v=STSv1"): those whose text starts with it, followed by
 * the end, a ";" or a blank. Other TXT records at the name (SPF, site verification) are not ours.
 */
export function recordsOfVersion(texts: readonly string[], version: string): string[] {
  return texts.filter((t) => t.startsWith(version) && (t.length === version.length || /^[;\t ]/.test(t.slice(version.length))));
}

export interface TxtField {
  name: string;
  value: string;
  /** The field as written, for messages. */
  raw: string;
}

/** "v=X; a=b; c=d;" split into the version and its fields ("*WSP ';' *WSP" between them); empty pieces (a trailing ";") dropped. */
export function splitFields(text: string): { version: string; fields: TxtField[]; empty: number } {
  const parts = text.split(';').map((p) => p.replace(/^[\t ]+|[\t ]+$/g, ''));
  const version = parts.shift() ?? '';
  const fields: TxtField[] = [];
  let empty = 0;
  parts.forEach((raw, i) => {
    if (raw === '') {
      if (i !== parts.length - 1) empty++;
      return;
    }
    const eq = raw.indexOf('=');
    fields.push(eq === -1 ? { name: raw, value: '', raw } : { name: raw.slice(0, eq), value: raw.slice(eq + 1), raw });
  });
  return { version, fields, empty };
}

/** An extension field's name: a letter or digit, then at most 31 of letters, digits, "_", "-", "." (both RFCs). */
export const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
/** An extension field's value: printable ASCII but "=", ";" and the space, at least one. */
export const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

/** Text from DNS inside a message: clipped and escaped. */
export function shown(text: string, max = 60): string {
  return `"${quoteForMessage(text, max)}"`;
}
