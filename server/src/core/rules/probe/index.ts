// The rules of the live probe, in the order of docs/rules.md; the verdict lists their findings in the
// order of the evidence. The probe's certificate findings are those of the certificate rules.

import type { ProbeRule } from '../rule';
import { connectionFailedRule } from './connection-failed';
import { timeoutRule } from './timeout';
import { greetingRefusedRule } from './greeting-refused';
import { ehloRefusedRule } from './ehlo-refused';
import { starttlsNotOfferedRule } from './starttls-not-offered';
import { starttlsRefusedRule } from './starttls-refused';
import { tlsHandshakeFailedRule } from './tls-handshake-failed';
import { connectionClosedRule } from './connection-closed';
import { badReplyRule } from './bad-reply';
import { replyTooLongRule } from './reply-too-long';
import { starttlsInjectionRule } from './starttls-injection';
import { unexpectedDataRule } from './unexpected-data';
import { submissionAuthDisabledProbeRule } from './submission-auth-disabled';
import { submissionAuthBeforeTlsRule } from './submission-auth-before-tls';
import { cancelledRule } from './cancelled';
import { internalErrorRule } from './internal-error';

export const probeRules: readonly ProbeRule[] = [
  connectionFailedRule,
  timeoutRule,
  greetingRefusedRule,
  ehloRefusedRule,
  starttlsNotOfferedRule,
  starttlsRefusedRule,
  tlsHandshakeFailedRule,
  connectionClosedRule,
  badReplyRule,
  replyTooLongRule,
  starttlsInjectionRule,
  unexpectedDataRule,
  submissionAuthDisabledProbeRule,
  submissionAuthBeforeTlsRule,
  cancelledRule,
  internalErrorRule,
];
