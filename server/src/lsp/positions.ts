// Positions between the core and the editor. The core counts lines as Postfix does: only "\n" ends
// one, a "\r" stays in its line. An LSP client ends a line at "\n", "\r\n" and a lone "\r" (LSP
// specification, "Text Documents"). The two agree on every text without a lone "\r" (a "\r" not
// followed by "\n"), so only such a text pays for the mapping, which goes through offsets: one pass
// over the text to find the editor's line starts, then a binary search per position.

import type { Position, Range } from '../core/types';
import { LineIndex } from '../core/config/logical-lines';

export interface PositionMap {
  /** A core position (Postfix's lines) as the editor counts it. */
  toEditor(p: Position): Position;
  /** An editor position in the core's lines. A line past the end stays past the end. */
  toCore(p: Position): Position;
  rangeToEditor(r: Range): Range;
  rangeToCore(r: Range): Range;
}

const IDENTITY: PositionMap = {
  toEditor: (p) => p,
  toCore: (p) => p,
  rangeToEditor: (r) => r,
  rangeToCore: (r) => r,
};

/** The editor's lines: where each starts and where its text ends (before "\r\n", "\r" or "\n"). */
class EditorLines {
  readonly starts: number[] = [0];
  readonly ends: number[] = [];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  /** The line an offset is on; an offset inside a line end counts as the end of that line's text. */
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset, this.ends[lo]!) - this.starts[lo]! };
  }
}

class OffsetMap implements PositionMap {
  private readonly editor: EditorLines;
  constructor(private readonly core: LineIndex) {
    this.editor = new EditorLines(core.text);
  }

  toEditor(p: Position): Position {
    const { starts, text } = this.core;
    if (p.line >= starts.length) return this.editor.positionAt(text.length);
    const offset = starts[p.line]! + Math.max(0, Math.min(p.character, this.core.lineLength(p.line)));
    return this.editor.positionAt(offset);
  }

  toCore(p: Position): Position {
    const { starts, ends } = this.editor;
    if (p.line < 0) return p;
    // Past the last line: as far past the core's last line, so that nothing is found there.
    if (p.line >= starts.length) return { line: this.core.starts.length + (p.line - starts.length), character: p.character };
    const offset = starts[p.line]! + Math.max(0, Math.min(p.character, ends[p.line]! - starts[p.line]!));
    return this.core.positionAt(offset);
  }

  rangeToEditor(r: Range): Range {
    return { start: this.toEditor(r.start), end: this.toEditor(r.end) };
  }

  rangeToCore(r: Range): Range {
    return { start: this.toCore(r.start), end: this.toCore(r.end) };
  }
}

const maps = new WeakMap<LineIndex, PositionMap>();

/** True when `text` has a "\r" that is not followed by "\n". */
export function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** The map for a text the core has indexed (cached per index; the identity without a lone "\r"). */
export function positionMap(index: LineIndex): PositionMap {
  let m = maps.get(index);
  if (!m) {
    m = hasLoneCr(index.text) ? new OffsetMap(index) : IDENTITY;
    maps.set(index, m);
  }
  return m;
}

/** For text the core has not indexed (a test, a one-off conversion). */
export function positionMapOf(text: string): PositionMap {
  return hasLoneCr(text) ? new OffsetMap(new LineIndex(text)) : IDENTITY;
}
