// The configuration rules, in the order their findings are listed for one line. registry.ts joins
// them with the certificate and probe rules; ARCHITECTURE.md's "How to add a rule" lists the steps.

import type { Rule } from './rule';
import { syntaxErrorRule } from './syntax-error';
import { leadingWhitespaceRule } from './leading-whitespace';
import { invalidCharacterRule } from './invalid-character';
import { masterCfSyntaxRule } from './master-cf-syntax';
import { malformedOverrideRule } from './malformed-override';
import { duplicateParameterRule } from './duplicate-parameter';
import { undefinedReferenceRule } from './undefined-reference';
import { unknownParameterRule } from './unknown-parameter';
import { referenceCycleRule } from './reference-cycle';
import { deprecatedParameterRule } from './deprecated-parameter';
import { invalidValueRule } from './invalid-value';
import { crlfLineEndingsRule } from './crlf-line-endings';
import { tlsDisabledRule } from './tls-disabled';
import { daneNeedsDnssecRule } from './dane-needs-dnssec';
import { tlsCaMissingRule } from './tls-ca-missing';
import { readOnlyParameterRule } from './read-only-parameter';
import { tableConfigMissingRule } from './table-config-missing';
import { tableConfigUnreadableRule } from './table-config-unreadable';
import { tableConfigUnknownParameterRule } from './table-config-unknown-parameter';
import { tableConfigSyntaxRule } from './table-config-syntax';
import { configFileTooLargeRule } from './config-file-too-large';
import { smtpsWrappermodeMissingRule, submissionMissingRule, submissionAuthDisabledRule, submissionAuthBeforeTlsRule, submissionRelayDeniedRule, saslBackendMissingRule } from './submission';
import { tlsLegacyProtocolRule, tlsWeakCipherRule, tlsNoForwardSecrecyRule } from './tls-settings';

export const configRules: Rule[] = [
  configFileTooLargeRule,
  syntaxErrorRule,
  leadingWhitespaceRule,
  invalidCharacterRule,
  masterCfSyntaxRule,
  malformedOverrideRule,
  duplicateParameterRule,
  unknownParameterRule,
  readOnlyParameterRule,
  deprecatedParameterRule,
  undefinedReferenceRule,
  referenceCycleRule,
  invalidValueRule,
  crlfLineEndingsRule,
  tlsDisabledRule,
  smtpsWrappermodeMissingRule,
  submissionMissingRule,
  submissionAuthDisabledRule,
  submissionAuthBeforeTlsRule,
  submissionRelayDeniedRule,
  saslBackendMissingRule,
  tlsLegacyProtocolRule,
  tlsWeakCipherRule,
  tlsNoForwardSecrecyRule,
  daneNeedsDnssecRule,
  tlsCaMissingRule,
  tableConfigMissingRule,
  tableConfigUnreadableRule,
  tableConfigSyntaxRule,
  tableConfigUnknownParameterRule,
];
