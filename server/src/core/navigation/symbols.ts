// The outline of a file: main.cf's parameters in file order; master.cf's services, each with its -o
// overrides as children. Names and details are the text as written (the editor shows them as plain
// text, no Markdown).

import type { ParsedMainCf } from '../config/main-cf';
import type { ParsedMasterCf } from '../config/master-cf';
import type { Range } from '../types';
import { clip } from '../markdown';

export interface ConfigSymbol {
  name: string;
  detail: string;
  kind: 'parameter' | 'service' | 'override';
  /** The whole main.cf logical line, master.cf service line(s), or -o. */
  range: Range;
  /** The name itself. */
  selectionRange: Range;
  children?: ConfigSymbol[];
}

const DETAIL_MAX = 80;

export function mainSymbols(main: ParsedMainCf): ConfigSymbol[] {
  return main.entries.map((e) => ({
    name: e.name,
    detail: clip(e.value.replace(/\s+/g, ' '), DETAIL_MAX),
    kind: 'parameter',
    range: e.range,
    selectionRange: e.nameRange,
  }));
}

export function masterSymbols(master: ParsedMasterCf): ConfigSymbol[] {
  return master.services.map((s) => ({
    name: s.id,
    detail: clip([s.fields[7]!.text, ...s.args.map((t) => t.text)].join(' ').replace(/\s+/g, ' '), DETAIL_MAX),
    kind: 'service',
    range: s.range,
    selectionRange: s.fields[0]!.range,
    children: s.overrides.map((o) => ({
      name: o.name,
      detail: clip(o.value.replace(/\s+/g, ' '), DETAIL_MAX),
      kind: 'override',
      range: o.range,
      selectionRange: o.nameRange,
    })),
  }));
}
