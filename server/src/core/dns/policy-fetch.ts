// What fetching a domain's MTA-STS policy gives the core (RFC 8461, section 3.3): the body as text,
// or the reason a sender would not have it. Plain data, JSON-safe. Every text in it (the body, the
// certificate's names, a Location, a Content-Type) came from the network: escape it before showing.
// Reading the body as a policy is not done here.

export type PolicyFetchFailureReason =
  | 'bad-name' /** the domain is not a DNS name */
  | 'dns' /** mta-sts.<domain> has no A or AAAA record, or its lookup failed */
  | 'connect' /** no TCP connection to any of its addresses on port 443 */
  | 'tls' /** the TLS handshake failed for a reason other than the certificate */
  | 'tls-untrusted' /** the certificate does not chain to a trusted root, or is expired or not yet valid */
  | 'tls-name' /** the certificate is trusted but not valid for mta-sts.<domain> */
  | 'http' /** the connection closed, or the answer was not HTTP/1.x that could be read */
  | 'redirect' /** a 3xx answer: senders do not follow it */
  | 'status' /** any other status than 200 */
  | 'content-type' /** not text/plain */
  | 'too-large' /** a body larger than the limit */
  | 'timeout' /** not finished (DNS, connection, TLS, headers and body together) before the deadline */
  | 'aborted'; /** the caller's signal, for a reason other than a timeout */

/** The policy host's certificate, leaf only. */
export interface PolicyCertificate {
  /** "CN=mta-sts.example.org, O=…", as certificate-info.ts writes it. */
  subject: string;
  issuer: string;
  /** subjectAltName dNSName entries as written. */
  dnsNames: string[];
  /** ISO 8601, UTC. */
  notAfter: string;
  /** "AB:CD:…" */
  fingerprintSha256: string;
}

export interface PolicyFetched {
  ok: true;
  /** https://mta-sts.<domain>/.well-known/mta-sts.txt */
  url: string;
  /** The body decoded as UTF-8 (an invalid sequence becomes U+FFFD), at most the byte limit. */
  body: string;
  /** The Content-Type header as sent (its bytes read as UTF-8). */
  contentType: string;
  /** The IP address the policy came from (resolved through the caller's resolver). */
  address: string;
  certificate: PolicyCertificate;
}

export interface PolicyFetchFailure {
  ok: false;
  reason: PolicyFetchFailureReason;
  /** One line for a person: what was asked, what happened, why a sender would not take it. */
  detail: string;
  url: string;
  /** The address the failure concerns, when one was reached. */
  address?: string;
  /** The HTTP status, when one came. */
  status?: number;
  /** A redirect's Location header, as sent (its bytes read as UTF-8). */
  location?: string;
  /** The certificate, when the handshake went far enough to see it. */
  certificate?: PolicyCertificate;
}

export type PolicyFetchResult = PolicyFetched | PolicyFetchFailure;
