// The rules over master.cf's submission services (587 and 465) and the main.cf settings they use.

export { smtpsWrappermodeMissingRule } from './smtps-wrappermode-missing';
export { submissionMissingRule } from './submission-missing';
export { submissionAuthDisabledRule } from './submission-auth-disabled';
export { submissionAuthBeforeTlsRule } from './submission-auth-before-tls';
export { submissionRelayDeniedRule } from './submission-relay-denied';
export { saslBackendMissingRule } from './sasl-backend-missing';
