// main.cf as Postfix reads it: logical lines, then split_nameval() on each. Never throws: problems
// become findings. Every entry keeps the ranges of its name, '=', and value (value pieces may span
// continuation lines; `valueOffset` plus the logical line map any offset inside the value back).

import { isSpaceCode, skipSpace, trimEndSpace } from './c-string';
import { LineIndex, LogicalLine, logicalRange, readLogicalLines } from './logical-lines';
import type { Finding, Range } from '../types';
import { quoteForMessage } from './quote';

export interface MainEntry {
  readonly name: string;
  /** The value as Postfix stores it: pieces joined, surrounding whitespace trimmed, cut at a NUL. */
  value: string;
  nameRange: Range;
  equalsRange: Range;
  valueRange: Range;
  /** The whole logical line. */
  range: Range;
  /** Offset of the value inside `logical.text`; with logicalRange() it maps value offsets to positions. */
  valueOffset: number;
  logical: LogicalLine;
  /** Index in `entries`, which is in file order. */
  index: number;
}

export interface ParsedMainCf {
  index: LineIndex;
  entries: MainEntry[];
  /** Findings of the reading itself: syntax-error, leading-whitespace, invalid-character. */
  findings: Finding[];
  /** The first error Postfix treats as fatal ("missing '=' after attribute name"), 1-based line. */
  fatal?: { line: number; message: string };
  /** Warnings postconf prints while reading (for the postconf command), in file order. */
  warnings: ReaderWarning[];
}

/** A warning postconf prints while it reads a file, with the 0-based first line of its logical line. */
export interface ReaderWarning {
  line: number;
  text: string;
}

/**
 * readllines()' warning for a logical line that starts with whitespace: its first 30 characters
 * (bytes, for text decoded one character per byte), then "..." when the line is longer.
 */
export function leadingWhitespaceWarning(path: string, ll: LogicalLine): ReaderWarning {
  const shown = ll.text.slice(0, 30).split('\0')[0];
  return { line: ll.firstLine, text: `${path}: logical line must not start with whitespace: "${shown}${ll.text.length > 30 ? '...' : ''}"` };
}

/**
 * A name = value line. Ranges are computed when first asked for: a 50,000-line file needs the
 * ranges of the few lines with findings, not of all of them. The name's range is not kept: the rules
 * look at it for every unknown or repeated name, and a generated file has hundreds of thousands.
 */
class Entry implements MainEntry {
  private _valueRange?: Range;
  private _range?: Range;
  constructor(
    readonly name: string,
    readonly value: string,
    readonly logical: LogicalLine,
    readonly index: number,
    private readonly nameStart: number,
    private readonly eqAt: number,
    readonly valueOffset: number,
  ) {}
  get nameRange(): Range {
    return logicalRange(this.logical, this.nameStart, this.nameStart + this.name.length);
  }
  get equalsRange(): Range {
    return logicalRange(this.logical, this.eqAt, this.eqAt + 1);
  }
  get valueRange(): Range {
    return (this._valueRange ??= logicalRange(this.logical, this.valueOffset, this.valueOffset + this.value.length));
  }
  get range(): Range {
    return (this._range ??= logicalLineRange(this.logical));
  }
}

export function logicalLineRange(ll: LogicalLine): Range {
  const last = ll.pieces[ll.pieces.length - 1];
  return {
    start: { line: ll.firstLine, character: 0 },
    end: { line: last.line, character: last.character + last.length },
  };
}

/**
 * Parse main.cf text. `path` is only used in the warning texts that mirror postconf's
 * ("<path>: logical line must not start with whitespace").
 */
export function parseMainCf(text: string, path = 'main.cf'): ParsedMainCf {
  const index = new LineIndex(text);
  const entries: MainEntry[] = [];
  const findings: Finding[] = [];
  const warnings: ReaderWarning[] = [];
  let fatal: ParsedMainCf['fatal'];

  for (const ll of readLogicalLines(text, index)) {
    if (ll.leadingWhitespace) {
      const whole = logicalLineRange(ll);
      warnings.push(leadingWhitespaceWarning(path, ll));
      findings.push({
        code: 'leading-whitespace',
        severity: 'warning',
        message:
          'This line starts with whitespace but there is no line before it to continue, so Postfix ignores it ' +
          '(and every continuation line after it). Remove the leading whitespace.',
        range: whole,
        file: 'main.cf',
      });
      continue;
    }
    // C strings end at the first NUL: Postfix never sees what follows it on this logical line.
    const nul = ll.text.indexOf('\0');
    const s = nul === -1 ? ll.text : ll.text.slice(0, nul);
    if (nul !== -1) {
      findings.push({
        code: 'invalid-character',
        severity: 'warning',
        message: 'This line contains a NUL byte; Postfix ignores everything after it on the line.',
        range: logicalRange(ll, nul, nul + 1),
        file: 'main.cf',
      });
    }
    const np = skipSpace(s, 0);
    if (np === s.length || s.charCodeAt(np) === 61 /* '=' */) {
      fail(ll, logicalLineRange(ll), 'missing attribute name', s, np);
      continue;
    }
    let ep = np;
    while (ep < s.length && !isSpaceCode(s.charCodeAt(ep)) && s.charCodeAt(ep) !== 61) ep++;
    const cp = skipSpace(s, ep);
    if (cp === s.length || s.charCodeAt(cp) !== 61) {
      fail(ll, logicalLineRange(ll), "missing '=' after attribute name", s, np, ep);
      continue;
    }
    const vp = skipSpace(s, cp + 1);
    const value = trimEndSpace(s.slice(vp));
    entries.push(new Entry(s.slice(np, ep), value, ll, entries.length, np, cp, vp));
  }
  return { index, entries, findings, fatal, warnings };

  function fail(ll: LogicalLine, whole: Range, what: string, s: string, np: number, ep?: number) {
    const line = ll.firstLine + 1;
    if (!fatal) fatal = { line, message: `${path}, line ${line}: ${what}: "${s}"` };
    const hint =
      what === 'missing attribute name'
        ? 'This line has no parameter name before "=".'
        : `"${quoteForMessage(s.slice(np, ep))}" is not followed by "=": a main.cf line must look like "name = value".`;
    findings.push({
      code: 'syntax-error',
      severity: 'error',
      message: `${hint} Postfix refuses the whole file ("${what}"): postconf and every Postfix program stop with a fatal error.`,
      range: whole,
      file: 'main.cf',
    });
  }
}
