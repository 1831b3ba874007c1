// npm run bench: every benchmark, one after the other, printed as they run and written to
// docs/benchmarks.md with the machine they ran on and the command that produced them.
// Figures only: nothing here passes or fails on a time.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';

const parts = [
  { title: 'Configuration: parse, check, postconf emulation; certificates; growth', args: ['--expose-gc', '--import', 'tsx', 'bench/run.ts'] },
  { title: 'Language server over JSON-RPC', args: ['--import', 'tsx', 'bench/lsp.ts'], env: { BENCH_STRACE: '0' } },
  { title: 'Live probe beside posttls-finger and openssl s_client', args: ['--import', 'tsx', 'bench/probe.ts'] },
  { title: 'Memory on inputs built to exhaust it (issue 12)', args: ['--import', 'tsx', 'bench/memory.ts'] },
  { title: 'DNS: check --dns, and probe --mx beside posttls-finger (issue 14)', args: ['--import', 'tsx', 'bench/dns.ts'] },
  { title: 'TLS versions and cipher suites: probe --protocols beside testssl.sh (issue 15)', args: ['--import', 'tsx', 'bench/protocols.ts'] },
];

function run(part) {
  return new Promise((resolve) => {
    let out = '';
    const p = spawn(process.execPath, part.args, { env: { ...process.env, ...(part.env ?? {}) }, stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    p.on('close', (code) => resolve({ out, code }));
  });
}

const sections = [];
for (const part of parts) {
  console.log(`\n=== ${part.title}\n`);
  const { out, code } = await run(part);
  sections.push(`## ${part.title}\n\n\`\`\`\n${out.trim()}\n\`\`\`\n${code === 0 ? '' : `\n(exit status ${code}: this part did not finish; see its output)\n`}`);
}
// The extension in a real VS Code needs code-server and Chromium, which only the E2E script sets up:
// `BENCH_VSCODE=1 npm run e2e` writes bench/out/vscode.md, and the latest one is included here as it is.
const VSCODE_TITLE = 'Extension activation and first diagnostics in VS Code (code-server)';
let vscode;
try {
  vscode = readFileSync('bench/out/vscode.md', 'utf8').trim();
} catch {
  vscode = undefined;
}
console.log(`\n=== ${VSCODE_TITLE}\n\n${vscode ?? '(not measured: run BENCH_VSCODE=1 npm run e2e first)'}`);
sections.push(
  `## ${VSCODE_TITLE}\n\n` +
    (vscode
      ? `From the latest \`BENCH_VSCODE=1 npm run e2e\` (bench/vscode.mjs), not re-measured by \`npm run bench\`:\n\n\`\`\`\n${vscode}\n\`\`\`\n`
      : 'Not measured in this run: `BENCH_VSCODE=1 npm run e2e` measures it (code-server and Chromium are set up by that script), then `npm run bench` includes it.\n'),
);

// The targets and where they stand: written by hand, placed before the figures.
let targets = '';
try {
  targets = readFileSync('bench/targets.md', 'utf8').trim() + '\n\n';
} catch {
  /* none */
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
writeFileSync(
  'docs/benchmarks.md',
  `# Benchmarks\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu} × ${os.cpus().length}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}. Medians and spreads of repeated runs; ` +
    'other work on the machine shows up as spread. Re-run with `npm run bench` (BENCH_RUNS, BENCH_EDITS to change the counts).\n\n' +
    targets +
    sections.join('\n'),
);
console.log('\nwritten to docs/benchmarks.md');
