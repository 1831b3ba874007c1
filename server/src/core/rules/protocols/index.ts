// The rules over what `probe --protocols` learnt a live server accepts, in the order of docs/rules.md.
// Each shares its code, severity and reason with a static rule over main.cf's TLS settings (tls-codes.ts).

import type { ProtocolsRule } from '../rule';
import type { ProtocolsEvidence, ProtocolsJudgement } from './evidence';
import { tlsLegacyProtocolProtocolsRule } from './tls-legacy-protocol';
import { tlsWeakCipherProtocolsRule } from './tls-weak-cipher';
import { tlsNoForwardSecrecyProtocolsRule } from './tls-no-forward-secrecy';

export const protocolsRules: readonly ProtocolsRule[] = [tlsLegacyProtocolProtocolsRule, tlsWeakCipherProtocolsRule, tlsNoForwardSecrecyProtocolsRule];

export function judgeProtocolsEvidence(e: ProtocolsEvidence): ProtocolsJudgement[] {
  return protocolsRules.flatMap((r) => r.check(e));
}
