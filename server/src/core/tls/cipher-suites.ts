// What a TLS cipher suite is worth, from its OpenSSL name: the names `openssl ciphers -v` prints,
// that Node's getCipher() returns and that testssl.sh lists beside its own. The static rules (which
// suites main.cf's cipher settings yield) and the live enumeration (which suites a server accepted)
// judge a suite here, so that both say the same thing about it.
//
// OpenSSL's names spell the key exchange, the authentication, the cipher and the MAC in order
// ("ECDHE-RSA-AES128-GCM-SHA256"); a missing key exchange means RSA key transport ("AES128-SHA"),
// "ADH"/"AECDH" mean anonymous Diffie-Hellman, "EDH" is an old spelling of DHE, and TLS 1.3 suites
// ("TLS_AES_128_GCM_SHA256") always use an ephemeral exchange.

/** Why a suite is weak: a word for each reason, in the order messages list them. */
export type CipherWeakness = 'null' | 'export' | 'rc4' | 'des' | '3des' | 'md5';

export interface CipherSuiteJudgement {
  name: string;
  /** The reasons it is weak anywhere (empty when it is not). */
  weak: CipherWeakness[];
  /** No server authentication: a man in the middle can read the mail (only matters where clients log in). */
  anonymous: boolean;
  /** The key exchange is ephemeral (ECDHE, DHE, or any TLS 1.3 suite): recorded traffic stays secret if the key leaks. */
  forwardSecret: boolean;
  /** A pre-shared-key or SRP suite: never offered by a mail client, harmless but pointless. */
  psk: boolean;
}

const WORDS = (name: string) => name.toUpperCase().split(/[-_]/);

export function judgeCipherSuite(name: string): CipherSuiteJudgement {
  const upper = name.toUpperCase();
  const words = WORDS(name);
  const tls13 = upper.startsWith('TLS_');
  const weak: CipherWeakness[] = [];
  if (words.includes('NULL') || words.includes('ENULL')) weak.push('null');
  if (words.some((w) => w === 'EXP' || w === 'EXPORT' || w.startsWith('EXP1024'))) weak.push('export');
  if (words.some((w) => w === 'RC4' || w.startsWith('RC4'))) weak.push('rc4');
  const tripleDes = words.some((w) => w === 'CBC3' || w === 'DES3' || w === '3DES' || w === 'EDE3');
  if (words.includes('DES') && !tripleDes) weak.push('des');
  if (tripleDes) weak.push('3des');
  if (words[words.length - 1] === 'MD5') weak.push('md5');
  const first = words[0] ?? '';
  const anonymous = !tls13 && (first === 'ADH' || first === 'AECDH' || words.includes('ANON'));
  const forwardSecret = tls13 || ['ECDHE', 'DHE', 'EDH', 'AECDH', 'ADH'].includes(first);
  const psk = words.includes('PSK') || words.includes('SRP');
  return { name, weak, anonymous, forwardSecret, psk };
}

const WEAKNESS_WORDS: Record<CipherWeakness, string> = {
  null: 'no encryption (NULL)',
  export: 'export-grade keys (EXPORT)',
  rc4: 'RC4',
  des: 'single DES',
  '3des': '3DES (Sweet32)',
  md5: 'MD5 message authentication',
};

/** "RC4, MD5 message authentication": the reasons, for a message. */
export function weaknessWords(weak: readonly CipherWeakness[]): string {
  return weak.map((w) => WEAKNESS_WORDS[w]).join(', ');
}
