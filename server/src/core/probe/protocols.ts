// `probe --protocols`: the verdict on what io/probe/enumerate.ts learnt a server accepts, with the
// findings of the protocols rules (rules/protocols/), judged for the port's role. Pure.

import { judgeProtocolsEvidence } from '../rules/protocols/index';
import type { PortRole, ProtocolsFacts, ProtocolsOutcome, ProtocolsReport } from './protocols-types.js';
import { CLIENT_LIMITS, VERSION_WORDS } from './protocols-types.js';

import { isSubmissionPort } from '../config/ports';

export * from './protocols-types.js';

export function portRole(port: number, submission: boolean): PortRole {
  return submission || isSubmissionPort(port) ? 'submission' : 'mx';
}

export function judgeProtocols(facts: ProtocolsFacts, submission: boolean): ProtocolsReport {
  const role = portRole(facts.port, submission);
  const accepted = facts.protocols.filter((p) => p.accepted).map((p) => ({ version: p.version, ciphers: p.ciphers }));
  const problems = judgeProtocolsEvidence({ role, accepted, serverOrder: facts.serverOrder }).map((j) => ({ code: j.code, severity: j.severity, message: j.message }));
  const weak = problems.some((p) => p.severity === 'error' || p.severity === 'warning');
  const unlearnt = unlearntOf(facts);
  const outcome: ProtocolsOutcome = weak ? 'weak' : facts.error || unlearnt.length ? 'unfinished' : 'ok';
  return { ...facts, role, problems, unlearnt, outcome, limits: CLIENT_LIMITS };
}

/** What the facts leave open, one sentence each. */
export function unlearntOf(facts: ProtocolsFacts): string[] {
  const out: string[] = [];
  for (const p of facts.protocols) {
    if (!p.learnt) out.push(`${VERSION_WORDS[p.version]}: whether the server accepts it.`);
    else if (p.accepted && !p.complete) out.push(`${VERSION_WORDS[p.version]}: suites after the ${p.ciphers.length} found.`);
  }
  if (!facts.groupsComplete) out.push(`Groups: not every group was tried (${facts.groups.length} found).`);
  if (facts.serverOrder === null && facts.protocols.some((p) => p.accepted && p.ciphers.length > 1)) out.push('Server order: whether the server imposes its order of suites.');
  return out;
}

export function protocolsExitStatus(r: ProtocolsReport): 0 | 1 | 2 {
  return r.outcome === 'ok' ? 0 : r.outcome === 'weak' ? 1 : 2;
}

