// What the "Postfix Lens Probe" output channel shows of a probe: the command line's text report,
// escaped exactly as the command line escapes what it prints (the server probed chose its
// certificate's subject and names). Pure (no vscode), so tests read what the channel gets.

import { escapeForTerminal } from '../../server/src/core/escape';
import { formatProbeReport } from '../../server/src/core/probe/text-report';
import type { ProbeReport } from '../../server/src/protocol';

/** The report's text, then an empty line. */
export function reportText(report: ProbeReport): string {
  return `${escapeForTerminal(formatProbeReport(report))}\n`;
}
