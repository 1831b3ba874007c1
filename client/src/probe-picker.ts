// The items of the probe's picker: the configuration's servers (postfixLens/probeTargets), then
// "Enter host:port…". Pure (no vscode). A target's label is plain text from the server; the picker
// draws "$(name)" as an icon and obeys bidi controls, so the label is escaped here, where it is shown.

import { escapeLabel } from '../../server/src/core/escape';
import type { ProbeTarget } from '../../server/src/protocol';

export interface TargetItem {
  label: string;
  description?: string;
  target?: ProbeTarget;
}

/** The item that asks for any host:port (its icon is ours). */
export const ENTER = '$(edit) Enter host:port…';

export function targetItems(targets: readonly ProbeTarget[]): TargetItem[] {
  return [
    ...targets.map((t) => ({ label: escapeLabel(String(t.label)), target: t })),
    { label: ENTER, description: 'any server, for example smtp.gmail.com:587' },
  ];
}
