// Configurations far larger than any real one, made at run time (no multi-MB fixture is committed),
// for the tests and the benchmark that hold memory to a small multiple of the input. Each shape
// stresses another part: many services (the parse and the per-service model), service names that
// register parameters (pipe: 17 each), one logical line of megabytes, a service continued over
// hundreds of thousands of lines, option words postconf splits ("-vo..."), and main.cf lines.

export type MasterShape = 'services' | 'pipes' | 'one-line' | 'continued' | 'split-words';
export type MainShape = 'lines' | 'one-line' | 'references' | 'duplicates';

/** Pieces repeated until `bytes` is reached (the result is at least `bytes` long, at most one piece more). */
function fill(bytes: number, head: string, piece: (i: number) => string, sep = ''): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const p = (i ? sep : '') + piece(i);
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

export function bigMasterCf(bytes: number, shape: MasterShape): string {
  switch (shape) {
    case 'services':
      return fill(
        bytes,
        '',
        (i) =>
          `s${i}      inet  n       -       y       -       -       smtpd\n  -o syslog_name=postfix/s${i}\n  -o smtpd_tls_security_level=encrypt\n` +
          `  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n`,
      );
    case 'pipes':
      return fill(bytes, '', (i) => `p${i}  unix  -       n       n       -       -       pipe\n  flags=F user=nobody argv=/usr/bin/true \${recipient}\n`);
    case 'one-line':
      return fill(bytes, 'big       inet  n       -       y       -       -       smtpd', (i) => ` -o p${i}=v`) + '\n';
    case 'split-words':
      return fill(bytes, 'big       inet  n       -       y       -       -       smtpd', (i) => ` -vop${i}=v`) + '\n';
    case 'continued':
      return fill(bytes, 'big       inet  n       -       y       -       -       smtpd\n', (i) => `  -o p${i}_x=v${i}\n`);
  }
}

export function bigMainCf(bytes: number, shape: MainShape): string {
  switch (shape) {
    case 'lines':
      return fill(bytes, 'myhostname = mail.example.com\n', (i) => `user_${i} = $myhostname ${i}\n`);
    case 'one-line':
      return fill(bytes, 'myhostname = mail.example.com\nsmtpd_banner = $myhostname', (i) => ` w${i}`) + '\n';
    case 'references':
      return fill(bytes, 'myhostname = mail.example.com\nsmtpd_banner = $myhostname', (i) => ` $u${i}`) + '\n';
    case 'duplicates':
      return fill(bytes, 'myhostname = mail.example.com\n', (i) => `smtpd_banner = $myhostname ${i}\n`);
  }
}
