// cancelled: the probe was cancelled before it finished.

import { phaseWords } from '../../probe/phases';
import type { ProbeRule } from '../rule';

export const cancelledRule: ProbeRule = {
  code: 'cancelled',
  severity: 'error',
  why: 'Nothing was judged; the report shows how far the dialogue got.',
  evidence: 'probe',
  check: (e) => (e.kind === 'cancelled' ? [{ code: 'cancelled', severity: 'error', message: `The probe was cancelled while ${phaseWords(e.phase)}.` }] : []),
};
