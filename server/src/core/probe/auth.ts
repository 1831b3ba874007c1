// The AUTH keyword of an EHLO reply (RFC 4954 3): "AUTH" followed by SASL mechanism names, and the
// obsolete "AUTH=" form older clients needed ("AUTH=PLAIN LOGIN", which Postfix sends with
// broken_sasl_auth_clients = yes). The reply comes from the server, so it is hostile until proven
// otherwise: only names of a SASL mechanism's shape are kept (RFC 4422 3.1: 1 to 20 of A-Z, 0-9,
// "-" and "_", compared without case, kept upper-case), each once, at most MAX_MECHANISMS of them;
// every other name is counted in `ignored`, never shown. Pure; memory a small multiple of the reply.

/** Mechanisms kept per reply; real servers offer about ten (Cyrus with every plugin: 11). */
export const MAX_MECHANISMS = 32;

const MECHANISM = /^[A-Z0-9_-]{1,20}$/;

export interface AuthOffer {
  /** True when the reply had an AUTH (or AUTH=) line, even one without a usable name. */
  offered: boolean;
  /** Upper-case SASL mechanism names in the order the server listed them, without repeats. */
  mechanisms: string[];
  /** Names left out: not of a mechanism's shape, or past MAX_MECHANISMS. */
  ignored: number;
}

/**
 * The AUTH offer of one EHLO reply. `texts` are the reply's line texts after "250-" / "250 " (raw
 * latin1); the first names the server and is not a keyword. Several AUTH lines are merged.
 */
export function parseAuth(texts: readonly string[]): AuthOffer {
  const offer: AuthOffer = { offered: false, mechanisms: [], ignored: 0 };
  const seen = new Set<string>();
  for (let i = 1; i < texts.length; i++) {
    const words = texts[i]!.split(/[ \t]+/).filter((w) => w !== '');
    const keyword = words[0]?.toUpperCase() ?? '';
    let names: string[];
    if (keyword === 'AUTH') names = words.slice(1);
    else if (keyword.startsWith('AUTH=')) names = [words[0]!.slice(5), ...words.slice(1)].filter((w) => w !== '');
    else continue;
    offer.offered = true;
    for (const word of names) {
      // A word longer than any mechanism is not upper-cased: its copy would cost as much as the word.
      const name = word.length <= 20 ? word.toUpperCase() : '';
      if (!MECHANISM.test(name) || (!seen.has(name) && offer.mechanisms.length >= MAX_MECHANISMS)) offer.ignored++;
      else if (!seen.has(name)) {
        seen.add(name);
        offer.mechanisms.push(name);
      }
    }
  }
  return offer;
}

/** The mechanisms a mail program and Gmail's "Send mail as" log in with, over TLS. */
export const PASSWORD_MECHANISMS: readonly string[] = ['PLAIN', 'LOGIN'];

export function offersPasswordLogin(offer: AuthOffer): boolean {
  return offer.mechanisms.some((m) => PASSWORD_MECHANISMS.includes(m));
}
