// `probe --protocols`: the verdict on what io/probe/enumerate.ts learnt a server accepts, with the
// findings of the protocols rules (rules/protocols/), judged for the port's role. Pure.

import { judgeProtocolsEvidence } from '../rules/protocols/index';
import type { PortRole, ProtocolsFacts, ProtocolsOutcome, ProtocolsReport } from './protocols-types.js';
import { CLIENT_LIMITS } from './protocols-types.js';

export * from './protocols-types.js';

export function portRole(port: number, submission: boolean): PortRole {
  return submission || port === 587 || port === 465 ? 'submission' : 'mx';
}

export function judgeProtocols(facts: ProtocolsFacts, submission: boolean): ProtocolsReport {
  const role = portRole(facts.port, submission);
  const accepted = facts.protocols.filter((p) => p.accepted).map((p) => ({ version: p.version, ciphers: p.ciphers }));
  const problems = judgeProtocolsEvidence({ role, accepted, serverOrder: facts.serverOrder }).map((j) => ({ code: j.code, severity: j.severity, message: j.message }));
  const weak = problems.some((p) => p.severity === 'error' || p.severity === 'warning');
  const outcome: ProtocolsOutcome = weak ? 'weak' : facts.error || facts.unlearnt.length ? 'unfinished' : 'ok';
  return { ...facts, role, problems, outcome, limits: CLIENT_LIMITS };
}

export function protocolsExitStatus(r: ProtocolsReport): 0 | 1 | 2 {
  return r.outcome === 'ok' ? 0 : r.outcome === 'weak' ? 1 : 2;
}

