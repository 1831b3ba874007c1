// Evidence in, findings out: every certificate rule over one piece of evidence, in the order of
// certificateRules. A rule that throws costs its own findings only (cert-analysis-failed instead).

import type { CertificateFinding } from '../../tls/findings';
import type { SettingNote } from '../../tls/location';
import type { CertificateEvidence } from './evidence';
import type { SettingEvidence } from './setting-evidence';
import { certificateRules, settingRules } from './index';

export function judgeCertificate(e: CertificateEvidence): CertificateFinding[] {
  const out: CertificateFinding[] = [];
  for (const rule of certificateRules) {
    try {
      out.push(...rule.check(e));
    } catch (error) {
      if (e.kind === 'analysis-failed') throw error;
      out.push(...judgeCertificate({ kind: 'analysis-failed', stage: 'file', path: pathOf(e), error: firstLine(error) }));
    }
  }
  return out;
}

/** The findings of each piece of evidence, in the order of the evidence. */
export function judgeAll(evidence: readonly CertificateEvidence[]): CertificateFinding[] {
  return evidence.flatMap(judgeCertificate);
}

export function judgeSetting(e: SettingEvidence): SettingNote[] {
  return settingRules.flatMap((rule) => rule.check(e));
}

/** The first line of what was thrown, for a finding. */
export function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

function pathOf(e: CertificateEvidence): string {
  switch (e.kind) {
    case 'chain':
      return e.leaf.path;
    case 'too-many-groups':
      return e.next.path;
    case 'chain-without-key':
    case 'certificate-before-key':
      return e.first.path;
    case 'keys-without-certificate':
      return e.keys[0]?.path ?? '';
    case 'leaf-not-first':
      return e.first.path;
    case 'key-not-matching':
      return e.key.path;
    default:
      return e.path;
  }
}
