// What is being typed at the cursor, from the text alone (a line being typed rarely parses): a
// parameter name at the start of a main.cf line, a value (the word under the cursor), a $name, a
// master.cf column, an -o parameter name or value. The logical line is rebuilt the way Postfix
// joins it (continuation lines start with whitespace; blank and comment lines in between are
// skipped), so a value continued on the next line is still the value of its parameter.

import { isAlnumCode } from '../config/c-string';
import type { LineIndex } from '../config/logical-lines';
import type { Position, Range } from '../types';
import type { ConfigFile } from '../navigation/at-position';

export type CompletionContext =
  /** A main.cf parameter name (or the name after "-o " in master.cf). `assign` is appended after it ("" when "=" already follows). */
  | { kind: 'name'; range: Range; prefix: string; assign: string }
  /** A value of `name`; `word` is the part of the current word before the cursor. */
  | { kind: 'value'; name: string; word: string; range: Range; firstWord: boolean; lead: string }
  /** A $name; `close` is appended ("}" or ")") when the form needs it and it is not there yet. */
  | { kind: 'reference'; prefix: string; range: Range; close: string }
  /** A master.cf column (0 = service … 7 = command). */
  | { kind: 'field'; field: number; prefix: string; range: Range }
  /** A master.cf option word that starts with "-". */
  | { kind: 'option'; prefix: string; range: Range };

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

function isIgnorable(text: string): boolean {
  const t = text.trimStart();
  return t === '' || t.startsWith('#');
}

/** The logical line up to the cursor, or null on a comment or a line Postfix ignores. */
function logicalBefore(index: LineIndex, line: number, before: string): { text: string; startsHere: boolean } | null {
  if (before.trimStart().startsWith('#')) return null;
  if (before === '' || !/^\s/.test(before)) return { text: before, startsHere: true };
  const parts: string[] = [before];
  for (let j = line - 1; j >= 0; j--) {
    const t = index.lineText(j);
    if (isIgnorable(t)) continue;
    parts.unshift(t);
    if (!/^\s/.test(t)) return { text: parts.join(''), startsHere: false };
  }
  return null; // only whitespace-started lines above: Postfix ignores them
}

const isNameChar = (c: number) => isAlnumCode(c) || c === 95;
const isBlankOrComma = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 44;

/**
 * `$`, `${` or `$(` and a partial name at the end of `text`, unless the "$" is an escaped "$$".
 * Scanned backwards from the end (an end-anchored regular expression backtracks quadratically
 * over a long line, and lines can be a megabyte long).
 */
function referenceAtEnd(text: string): { prefix: string; open: string } | null {
  let k = text.length;
  while (k > 0 && isNameChar(text.charCodeAt(k - 1))) k--;
  const prefix = text.slice(k);
  let open = '';
  if (k > 0 && (text[k - 1] === '{' || text[k - 1] === '(')) {
    open = text[k - 1]!;
    k--;
  }
  if (k === 0 || text[k - 1] !== '$') return null;
  let dollars = 0;
  for (let j = k - 1; j >= 0 && text.charCodeAt(j) === 36; j--) dollars++;
  return dollars % 2 === 1 ? { prefix, open } : null;
}

/** The word (up to a blank or comma) at the end of `text`, scanned backwards. */
function wordAtEnd(text: string): string {
  let k = text.length;
  while (k > 0 && !isBlankOrComma(text.charCodeAt(k - 1))) k--;
  return text.slice(k);
}

/** `spaced`: main.cf, where a value right after "=" reads better after a space (an -o word cannot have one). */
function valueContext(name: string, valueBefore: string, line: number, ch: number, rest: string, spaced: boolean): CompletionContext {
  const ref = referenceAtEnd(valueBefore);
  if (ref) {
    const tail = /^[A-Za-z0-9_]*/.exec(rest)![0];
    const closer = ref.open === '{' ? '}' : ref.open === '(' ? ')' : '';
    return { kind: 'reference', prefix: ref.prefix, range: range(line, ch - ref.prefix.length, ch + tail.length), close: closer && rest[tail.length] !== closer ? closer : '' };
  }
  const word = wordAtEnd(valueBefore);
  const tail = /^[^\s,]*/.exec(rest)![0];
  return {
    kind: 'value',
    name,
    word,
    range: range(line, ch - word.length, ch + tail.length),
    firstWord: valueBefore.trim() === word,
    lead: spaced && valueBefore === '' ? ' ' : '',
  };
}

/** The options part of a master.cf command ends at the first argument that is not an option. */
function stillOptions(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--' || !a.startsWith('-')) return false;
    if (a === '-o') i++;
  }
  return true;
}

export function completionContext(index: LineIndex, file: ConfigFile, p: Position): CompletionContext | null {
  if (p.line < 0 || p.line >= Math.max(index.starts.length, 1)) return null;
  const lineText = index.lineText(p.line);
  const ch = Math.min(Math.max(p.character, 0), lineText.length);
  const before = lineText.slice(0, ch);
  const rest = lineText.slice(ch);
  const logical = logicalBefore(index, p.line, before);
  if (!logical) return null;
  const text = logical.text;
  if (file === 'main.cf') {
    const eq = text.indexOf('=');
    if (eq === -1) {
      if (!logical.startsHere || /\s/.test(text)) return null;
      const tail = /^[^\s=]*/.exec(rest)![0];
      return { kind: 'name', prefix: text, range: range(p.line, 0, ch + tail.length), assign: rest.includes('=') ? '' : ' = ' };
    }
    const name = text.slice(0, eq).trim();
    if (!name || /\s/.test(name)) return null;
    return valueContext(name, text.slice(eq + 1), p.line, ch, rest, true);
  }
  // master.cf
  if (/^\s/.test(text)) return null;
  const endsInSpace = text === '' || /\s$/.test(text);
  const words = text.split(/\s+/).filter(Boolean);
  const current = endsInSpace ? '' : words.pop()!;
  const at = words.length;
  const tail = /^\S*/.exec(rest)![0];
  const wordRange = range(p.line, ch - current.length, ch + tail.length);
  if (at < 8) return logical.startsHere ? { kind: 'field', field: at, prefix: current, range: wordRange } : null;
  const args = words.slice(8);
  const previous = args[args.length - 1];
  if (previous === '-o' && stillOptions(args.slice(0, -1))) {
    const eq = current.indexOf('=');
    if (eq === -1) return { kind: 'name', prefix: current, range: wordRange, assign: tail.includes('=') ? '' : '=' };
    const name = current.slice(0, eq);
    return name ? valueContext(name, current.slice(eq + 1), p.line, ch, rest, false) : null;
  }
  const optionWord = current.startsWith('-') && !(current.startsWith('-o') && current.length > 2);
  return optionWord && stillOptions(args) ? { kind: 'option', prefix: current, range: wordRange } : null;
}
