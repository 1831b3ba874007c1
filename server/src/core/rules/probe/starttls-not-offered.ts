// starttls-not-offered: the server's EHLO reply does not offer STARTTLS.

import type { ProbeRule } from '../rule';

export const starttlsNotOfferedRule: ProbeRule = {
  code: 'starttls-not-offered',
  severity: 'error',
  why: 'Gmail\'s "Send mail as" refuses a server without TLS, and mail programs either refuse or send the password in clear.',
  evidence: 'probe',
  check: (e) =>
    e.kind === 'no-starttls'
      ? [{ code: 'starttls-not-offered', severity: 'error', message: 'The server does not offer STARTTLS in its EHLO reply, so a client cannot encrypt the session; a strict client stops here.' }]
      : [],
};
