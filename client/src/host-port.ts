// What the user types into "Enter host:port…" (the grammar is the core's, shared with the command
// line), and the "probe as" name. Pure (no vscode).

import { isIpLiteral } from '../../server/src/core/probe/target';

export { isIpLiteral, parseHostPort, type HostPort } from '../../server/src/core/probe/target';

/** A name to send as SNI and check the certificate for ("probe as"): empty means none. */
export function checkProbeAsName(input: string): string | undefined {
  const t = input.trim();
  if (t === '') return undefined;
  if (isIpLiteral(t)) return 'An IP address is never sent as SNI: type the host name the certificate should name, or leave this empty';
  return /^[A-Za-z0-9_*.-]+$|^[^\s/\\@:?#[\]<>"'`]+$/u.test(t) && t.length <= 253 ? undefined : `"${t}" is not a host name`;
}
