// The server-certificate checks, in the order their findings are reported.

import { chainExtra } from './chain-extra.js';
import { chainOrder } from './chain-order.js';
import type { CertificateCheck } from './context.js';
import { hostNames } from './host-names.js';
import { serverPurpose } from './server-purpose.js';
import { trustPath } from './trust-path.js';
import { validity } from './validity.js';
import { weakKey } from './weak-key.js';
import { weakSignature } from './weak-signature.js';

export const SERVER_CHECKS: readonly CertificateCheck[] = [trustPath, hostNames, validity, weakKey, weakSignature, serverPurpose, chainOrder, chainExtra];
