// The certificate-chain rules, in the order their findings are listed for one setting.

import type { ChainRule } from '../rule';
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

export const chainRules: readonly ChainRule[] = [
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
