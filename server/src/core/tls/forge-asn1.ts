// node-forge's ASN.1 and byte-buffer layers alone (lib/asn1.js with lib/util.js and lib/oids.js),
// not the whole of forge: its ciphers, TLS, PRNG and pki tables cost about 3 MB of memory in every
// process that loads them, and certificate reading needs none of them. The modules fill in one
// shared `forge` object, as node-forge's own index does.

import type FullForge from 'node-forge';
import forge from 'node-forge/lib/forge';
import 'node-forge/lib/asn1';

const asn1Forge: Pick<typeof FullForge, 'asn1' | 'util'> = forge;
export default asn1Forge;
