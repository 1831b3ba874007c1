// The DNSSEC lab of the tests (test/helpers/dns-lab.ts) for the end-to-end run: started by
// scripts/e2e-code-server.sh beside code-server, with one domain of its own, e2e.good.test, whose MX
// host is the e2e workspace's $myhostname (mail.example.com), so the workspace's certificate (made
// for other.example.org) lacks the MX name. Writes {"resolver": "127.0.0.1:PORT"} (the validating
// unbound) to the file named on the command line once the lab answers; stops the daemons on SIGTERM.
// Usage: node --import tsx scripts/e2e-dns-lab.ts <ready-file>

import * as fs from 'node:fs';
import { startDnsLab } from '../test/helpers/dns-lab';

const ready = process.argv[2];
if (!ready) {
  console.error('usage: node --import tsx scripts/e2e-dns-lab.ts <ready-file>');
  process.exit(2);
}

async function main(file: string): Promise<void> {
  const lab = await startDnsLab({ 'good.test': ['e2e 3600 IN MX 10 mail.example.com.', '_mta-sts.e2e 3600 IN TXT "v=STSv1; id=e2e1"'] });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void lab.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const resolver = `${lab.validating.address}:${lab.validating.port}`;
  fs.writeFileSync(file, `${JSON.stringify({ resolver })}\n`);
  console.log(`dns lab: validating resolver ${resolver}`);
  // Keep the process (and so the daemons) alive until signalled.
  setInterval(() => undefined, 1 << 30);
}

void main(ready);
