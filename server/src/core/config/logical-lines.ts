// Physical lines joined into logical lines exactly as Postfix's readllines() does it:
// - a line whose first character is whitespace continues the logical line before it;
// - a line that is empty, all whitespace, or whose first non-blank character is '#' is dropped,
//   also in the middle of a continued value (so '#' starts a comment only as the first non-blank
//   character of a line);
// - the pieces are concatenated as they are, leading whitespace of continuation lines included and
//   no separator added (Postfix's output later folds runs of whitespace into one space);
// - only '\n' ends a physical line: a '\r' of CRLF stays in the text as whitespace.
// A logical line that itself starts with whitespace (possible only for the first one in a file) is
// discarded by Postfix with a warning; we keep it, flagged, so the caller can report it.

import { isSpaceCode } from './c-string';
import type { Position, Range } from '../types';

/** Where a stretch of a logical line's text came from. Offsets are UTF-16 indices. */
export interface Piece {
  /** Offset of this piece within the logical line's text. */
  offset: number;
  /** 0-based physical line. */
  line: number;
  /** Character in that physical line where the piece starts (always 0: pieces are whole lines). */
  character: number;
  length: number;
}

export interface LogicalLine {
  /** Concatenated text, before any truncation at a NUL character. */
  readonly text: string;
  readonly pieces: readonly Piece[];
  /** 0-based physical line of the first piece (Postfix reports it 1-based as "line N"). */
  firstLine: number;
  /** True when the text starts with whitespace: Postfix ignores the whole logical line. */
  leadingWhitespace: boolean;
}

/** Start offsets of physical lines; shared by everything that maps offsets to positions. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }
  /** Number of physical lines; a final line without '\n' counts, an empty tail after '\n' does not. */
  get lineCount(): number {
    const n = this.starts.length;
    return this.starts[n - 1] === this.text.length ? n - 1 : n;
  }
  /** Text of physical line `line` without its '\n'. */
  lineText(line: number): string {
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, next);
  }
  lineLength(line: number): number {
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next - start;
  }
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[position.line] + position.character, this.text.length);
  }
}

/**
 * A logical line of one physical line, as most are: its one piece is made when asked for (the piece
 * and its array were half the memory of a large main.cf's lines).
 */
class OnePhysicalLine implements LogicalLine {
  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly leadingWhitespace: boolean,
  ) {}
  get pieces(): readonly Piece[] {
    return [{ offset: 0, line: this.firstLine, character: 0, length: this.text.length }];
  }
}

/** True when Postfix drops this physical line: empty, all whitespace, or a comment. */
function isIgnorable(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
  return i === end || text.charCodeAt(i) === 35; /* '#' */
}

/** Split a whole file into logical lines. Linear in the size of the text. */
export function readLogicalLines(text: string, index: LineIndex = new LineIndex(text)): LogicalLine[] {
  const out: LogicalLine[] = [];
  const starts = index.starts;
  let pieces: Piece[] | null = null;
  let parts: string[] = [];
  let length = 0;

  const finish = () => {
    if (!pieces) return;
    const joined = parts.length === 1 ? parts[0] : parts.join('');
    const leadingWhitespace = joined.length > 0 && isSpaceCode(joined.charCodeAt(0));
    out.push(
      pieces.length === 1
        ? new OnePhysicalLine(joined, pieces[0].line, leadingWhitespace)
        : // An array grown by push() keeps room for 16 more: a copy has just its pieces.
          { text: joined, pieces: pieces.slice(), firstLine: pieces[0].line, leadingWhitespace },
    );
    pieces = null;
    parts = [];
    length = 0;
  };

  for (let line = 0; line < starts.length; line++) {
    const start = starts[line];
    const nl = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    if (start === text.length && line === starts.length - 1) break; // empty tail after the last '\n'
    if (pieces) {
      // readllines peeks at the next character: '#' or whitespace (an empty line is '\n') continues.
      const c = start < text.length ? text.charCodeAt(start) : -1;
      if (!(c === 35 || isSpaceCode(c))) finish();
    }
    if (isIgnorable(text, start, nl)) continue;
    const piece: Piece = { offset: length, line, character: 0, length: nl - start };
    if (!pieces) pieces = [];
    pieces.push(piece);
    parts.push(text.slice(start, nl));
    length += nl - start;
  }
  finish();
  return out;
}

/**
 * Map an offset inside a logical line's text back to a document position. An offset where one piece
 * ends and the next begins is the start of the next piece, or with `atEnd` (the end of a range)
 * the end of the earlier piece's line, so that a range never takes in the line break.
 */
export function logicalPosition(ll: LogicalLine, offset: number, atEnd = false): Position {
  if (ll instanceof OnePhysicalLine) return { line: ll.firstLine, character: Math.min(offset, ll.text.length) };
  const ps = ll.pieces;
  let lo = 0;
  let hi = ps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ps[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  if (atEnd && lo > 0 && ps[lo].offset === offset) lo--;
  const p = ps[lo];
  // An offset at the very end of a piece is reported at the end of that physical line.
  return { line: p.line, character: p.character + Math.min(offset - p.offset, p.length) };
}

export function logicalRange(ll: LogicalLine, start: number, end: number): Range {
  if (end <= start) {
    const at = logicalPosition(ll, start);
    return { start: at, end: at };
  }
  return { start: logicalPosition(ll, start), end: logicalPosition(ll, end, true) };
}
