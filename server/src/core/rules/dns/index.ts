// The rules over DNS answers, in the order of docs/rules.md.

import type { DnsRule } from '../rule';
import { mxNameNotCoveredRule } from './mx-name-not-covered';
import { mxNotThisServerRule } from './mx-not-this-server';
import { daneTlsaMismatchRule } from './dane-tlsa-mismatch';
import { daneTlsaInsecureRule } from './dane-tlsa-insecure';
import { daneFragileRecordRule } from './dane-fragile-record';
import { daneAnchorMissingRule } from './dane-anchor-missing';
import { daneNoRolloverRule } from './dane-no-rollover';
import { mtaStsRecordInvalidRule } from './mta-sts-record-invalid';
import { mtaStsPolicyUnavailableRule } from './mta-sts-policy-unavailable';
import { mtaStsPolicyInvalidRule } from './mta-sts-policy-invalid';
import { mtaStsMxMismatchRule } from './mta-sts-mx-mismatch';
import { mtaStsTestingRule } from './mta-sts-testing';
import { srvNameNotCoveredRule } from './srv-name-not-covered';
import { tlsRptInvalidRule } from './tls-rpt-invalid';
import { dnsLookupFailedRule } from './dns-lookup-failed';
import { dnsNotValidatingRule } from './dns-not-validating';
import { hostedDomainsTableSkippedRule } from './hosted-domains-table-skipped';

export const dnsRules: readonly DnsRule[] = [
  mxNameNotCoveredRule,
  srvNameNotCoveredRule,
  mxNotThisServerRule,
  daneTlsaMismatchRule,
  daneTlsaInsecureRule,
  daneFragileRecordRule,
  daneAnchorMissingRule,
  daneNoRolloverRule,
  mtaStsRecordInvalidRule,
  mtaStsPolicyUnavailableRule,
  mtaStsPolicyInvalidRule,
  mtaStsMxMismatchRule,
  mtaStsTestingRule,
  tlsRptInvalidRule,
  dnsLookupFailedRule,
  dnsNotValidatingRule,
  hostedDomainsTableSkippedRule,
];
