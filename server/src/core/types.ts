// Shared shapes of the pure core. Positions follow LSP: 0-based line, 0-based character counted in
// UTF-16 code units (what JavaScript string indices are). The CLI adds 1 to both when it prints.
// Lines are Postfix's: only "\n" ends one. An LSP client also ends a line at a lone "\r"; the
// language server maps positions both ways for such texts (lsp/positions.ts).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One diagnostic produced by the core. `code` is stable: users turn findings off by it. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The parameter the finding is about (for undefined-reference: the undefined name). */
  name?: string;
  /** "service/type" when the finding comes from a master.cf -o override. */
  service?: string;
  /** Which file the range points into. */
  file?: 'main.cf' | 'master.cf';
  /** Rule-specific data for quick fixes (plain JSON). */
  data?: Record<string, unknown>;
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
