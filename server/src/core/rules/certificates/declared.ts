// Certificate rules judged where the files are read and loaded (tls/ loaders, io/), in the
// order of docs/rules.md.

import type { DeclaredRule } from '../rule';
import { certNotPemRule } from './cert-not-pem';
import { keyNotPemRule } from './key-not-pem';
import { keyEncryptedRule } from './key-encrypted';
import { keyMismatchRule } from './key-mismatch';
import { certTooManyRule } from './cert-too-many';
import { certAnalysisFailedRule } from './cert-analysis-failed';
import { certFileMissingRule } from './cert-file-missing';
import { keyFileMissingRule } from './key-file-missing';
import { certFileUnreadableRule } from './cert-file-unreadable';
import { certNotCheckedRule } from './cert-not-checked';
import { certSettingsIgnoredRule } from './cert-settings-ignored';

export const certificateFileRules: readonly DeclaredRule[] = [
  certNotPemRule,
  keyNotPemRule,
  keyEncryptedRule,
  keyMismatchRule,
  certTooManyRule,
  certAnalysisFailedRule,
  certFileMissingRule,
  keyFileMissingRule,
  certFileUnreadableRule,
  certNotCheckedRule,
  certSettingsIgnoredRule,
];
