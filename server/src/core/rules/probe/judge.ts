// Evidence in, findings out: every probe rule over one piece of evidence, in the order of probeRules.

import type { ProbeError } from '../../probe/types';
import type { ProbeEvidence, ProbeJudgement, StopEvidence } from './evidence';
import { probeRules } from './index';

export function judgeProbeEvidence(e: ProbeEvidence): ProbeJudgement[] {
  return probeRules.flatMap((rule) => rule.check(e));
}

/** The report's error for what ended the dialogue: its rule's code and words, in its phase. */
export function stopError(e: StopEvidence): ProbeError {
  const [j] = judgeProbeEvidence(e);
  if (!j) throw new Error(`no probe rule judges ${e.kind}`);
  return { phase: e.phase, code: j.code as ProbeError['code'], message: j.message };
}
