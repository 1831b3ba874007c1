// Every rule, in the order their findings are listed for one line. Adding a rule: write its file,
// add it here, and give its code a section in docs/rules.md (a test checks both).

import type { Rule } from './rule';
import { syntaxErrorRule } from './syntax-error';
import { leadingWhitespaceRule, invalidCharacterRule, masterCfSyntaxRule, malformedOverrideRule } from './parse-findings';
import { duplicateParameterRule } from './duplicate-parameter';
import { undefinedReferenceRule } from './undefined-reference';
import { unknownParameterRule } from './unknown-parameter';
import { referenceCycleRule } from './reference-cycle';
import { deprecatedParameterRule } from './deprecated-parameter';
import { invalidValueRule } from './invalid-value';
import { crlfLineEndingsRule } from './crlf-line-endings';
import { tlsDisabledRule } from './tls-disabled';
import { readOnlyParameterRule } from './read-only-parameter';
import { tableConfigMissingRule } from './table-config-missing';
import { tableConfigUnreadableRule } from './table-config-unreadable';
import { tableConfigUnknownParameterRule } from './table-config-unknown-parameter';
import { tableConfigSyntaxRule } from './table-config-syntax';
import { configFileTooLargeRule } from './config-file-too-large';

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
  tableConfigMissingRule,
  tableConfigUnreadableRule,
  tableConfigSyntaxRule,
  tableConfigUnknownParameterRule,
];
