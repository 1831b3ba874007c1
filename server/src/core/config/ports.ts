// The ports mail programs submit on, and how TLS_README judges a port by them: master.cf's service
// names ("587", "submission", "[::1]:465", "smtps") and the live probe's port numbers. No imports:
// the client's report view reaches it through core/probe/protocols-types.ts.

/** The port part of an inet service name as host_port() splits it ("[::1]:465" → "465", "smtps"), lower case. */
export function servicePort(name: string): string {
  const close = name.lastIndexOf(']');
  const colon = name.lastIndexOf(':');
  return (colon > close ? name.slice(colon + 1) : close === -1 ? name : '').toLowerCase();
}

const PORT_587 = new Set(['587', 'submission']);
const PORT_465 = new Set(['465', 'submissions', 'smtps']);

/** An inet service on the implicit-TLS submission port (465, "submissions", "smtps"), any host part. */
export const isPort465Name = (name: string): boolean => PORT_465.has(servicePort(name));
/** An inet service on a submission port: 587/"submission" or 465/"submissions"/"smtps", any host part. */
export const isSubmissionName = (name: string): boolean => isPort465Name(name) || PORT_587.has(servicePort(name));
/** The ports mail programs submit on: 587 (STARTTLS, RFC 6409) and 465 (TLS from the first byte, RFC 8314). */
export const isSubmissionPort = (port: number): boolean => port === 587 || port === 465;

/**
 * How TLS_README judges a port: where mail programs log in (submission), or where other servers
 * deliver (MX: 25 and every other port).
 */
export type PortRole = 'submission' | 'mx';
