// No module of server/src imports itself back through others: the layers (core below io below lsp
// and cli, and within the core the analysis below the rules below the features) hold only if no
// module needs one that needs it. The imports are read from the source text (every `import ... from`,
// `import type`, `export ... from` and side-effect import of a relative path), so a type-only import
// counts too: it is still a dependency a reader has to follow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'server', 'src');

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));
}

/** The relative module specifiers a TypeScript text imports or re-exports from (comments removed). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g)) {
    if (m[1]!.startsWith('.')) out.push(m[1]!);
  }
  return out;
}

function resolve(from: string, spec: string): string | undefined {
  const exact = path.resolve(path.dirname(from), spec);
  const base = exact.replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), exact]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** Every cycle, each as the list of files from one module back to it (found by a depth-first walk). */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

const files = tsFiles(SRC);
const graph = new Map<string, string[]>();
const unresolved: string[] = [];
for (const f of files) {
  const deps: string[] = [];
  for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
    const target = resolve(f, spec);
    if (target) deps.push(target);
    else unresolved.push(`${path.relative(SRC, f)}: ${spec}`);
  }
  graph.set(f, deps);
}

test('the import reader sees every form of import and the walk finds a cycle', () => {
  const text = [
    "import { a } from './a';",
    "import type { B } from '../b';",
    "import * as c from './c.js';",
    "export { d } from './d';",
    "export type { E } from './e';",
    "import './f';",
    "import {\n  g,\n  h,\n} from './gh';",
    "import * as fs from 'node:fs';",
    "// import { x } from './commented';",
    "const s = 'import { y } from \"./in-a-string\"';",
  ].join('\n');
  assert.deepEqual(importsOf(text), ['./a', '../b', './c.js', './d', './e', './f', './gh']);
  const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(cyclesOf(cyclic), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(cyclesOf(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]])), []);
});

test('every relative import of server/src names a file that exists', () => {
  assert.ok(files.length > 100, `only ${files.length} files found under ${SRC}`);
  assert.deepEqual(unresolved, []);
});

test('server/src has no import cycle', () => {
  const cycles = cyclesOf(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(' -> '));
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});
