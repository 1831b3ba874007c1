// The certificate rules. For one setting their findings are listed in the order of the evidence
// (reading, then loading, then the chain), and for one piece of evidence in this order.

import type { CertificateRule, SettingRule } from '../rule';
import { certFileMissingRule } from './cert-file-missing';
import { keyFileMissingRule } from './key-file-missing';
import { certFileUnreadableRule } from './cert-file-unreadable';
import { certNotPemRule } from './cert-not-pem';
import { keyNotPemRule } from './key-not-pem';
import { keyEncryptedRule } from './key-encrypted';
import { keyMismatchRule } from './key-mismatch';
import { certTooManyRule } from './cert-too-many';
import { certAnalysisFailedRule } from './cert-analysis-failed';
import { certSelfSignedRule } from './cert-self-signed';
import { certChainIncompleteRule } from './cert-chain-incomplete';
import { certUntrustedRule } from './cert-untrusted';
import { certNameMismatchRule } from './cert-name-mismatch';
import { certExpiredRule } from './cert-expired';
import { certNotYetValidRule } from './cert-not-yet-valid';
import { certExpiringSoonRule } from './cert-expiring-soon';
import { certWeakKeyRule } from './cert-weak-key';
import { certWeakSignatureRule } from './cert-weak-signature';
import { certNotForServerRule } from './cert-not-for-server';
import { certChainOrderRule } from './cert-chain-order';
import { certChainExtraRule } from './cert-chain-extra';
import { certSettingsIgnoredRule } from './cert-settings-ignored';
import { certNotCheckedRule } from './cert-not-checked';

export const certificateRules: readonly CertificateRule[] = [
  certFileMissingRule,
  keyFileMissingRule,
  certFileUnreadableRule,
  certNotPemRule,
  keyNotPemRule,
  keyEncryptedRule,
  keyMismatchRule,
  certTooManyRule,
  certAnalysisFailedRule,
  certSelfSignedRule,
  certChainIncompleteRule,
  certUntrustedRule,
  certNameMismatchRule,
  certExpiredRule,
  certNotYetValidRule,
  certExpiringSoonRule,
  certWeakKeyRule,
  certWeakSignatureRule,
  certNotForServerRule,
  certChainOrderRule,
  certChainExtraRule,
];

export const settingRules: readonly SettingRule[] = [certSettingsIgnoredRule, certNotCheckedRule];
