// npm run bench: every benchmark, one after the other, printed as they run and written to
// docs/benchmarks.md with the machine they ran on and the command that produced them.
// Figures only: nothing here passes or fails on a time.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';

const parts = [
  { title: 'Configuration: parse, check, postconf emulation; certificates; growth', args: ['--expose-gc', '--import', 'tsx', 'bench/run.ts'] },
  { title: 'Language server over JSON-RPC', args: ['--import', 'tsx', 'bench/lsp.ts'], env: { BENCH_STRACE: '0' } },
  { title: 'Live probe beside posttls-finger and openssl s_client', args: ['--import', 'tsx', 'bench/probe.ts'] },
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
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
writeFileSync(
  'docs/benchmarks.md',
  `# Benchmarks\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu} × ${os.cpus().length}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}. Medians and spreads of repeated runs; ` +
    'other work on the machine shows up as spread. Re-run with `npm run bench` (BENCH_RUNS, BENCH_EDITS to change the counts).\n\n' +
    sections.join('\n'),
);
console.log('\nwritten to docs/benchmarks.md');
