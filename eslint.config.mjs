// ESLint: typescript-eslint's recommended rules (without type information, so a run takes seconds)
// and the layer rules of ARCHITECTURE.md ("Layers and how they hold"). test/lint/layers.test.ts proves
// that each layer rule fires.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Import specifiers are matched as written, not resolved. The layers are sibling folders, so a
// specifier that leaves one climbs with '../' and then names the other: '../io/x', '../../cli/io'.
const nodeIo = '^(node:)?(fs|net|tls|child_process|dns|http|https|http2)(/.*)?$';
const editor = '^vscode(-languageserver.*|-languageclient.*|-jsonrpc.*)?$';
const frontEnds = '^(\\.\\./)+(lsp|cli|server)(/.*)?$';
const ioLayer = '^(\\.\\./)+io(/.*)?$';
const clientCode = '^(\\.\\./)+client(/.*)?$';
// The client takes from the server only the protocol and pure modules that format or parse text.
const serverButShared =
  '^(\\.\\./)+server/src/(?!(protocol|core/escape|core/probe/(html-report|protocols-html|target|text-report)|core/dns/report-html)$)';

/** no-restricted-imports covers import and export-from; the same modules through require() or
 * import() are reported by no-restricted-syntax, so a layer cannot be left by another spelling. */
function layer(files, groups) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: groups.map(([regex, message]) => ({ regex, message })) },
      ],
      'no-restricted-syntax': [
        'error',
        ...groups.flatMap(([regex, message]) => {
          // esquery's /regex/ ends at the first slash, escaped or not.
          const re = `/${regex.replaceAll('/', '\\x2F')}/`;
          return [
            { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message },
            { selector: `ImportExpression[source.value=${re}]`, message },
          ];
        }),
      ],
    },
  };
}

const notClient = [clientCode, 'server/src never imports client code.'];

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', '.vscode-test/', 'bench/out/', 'test/.tmp/', 'build/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a value taken only to leave it out (`const { files: _files, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS (the package has no "type"): require() is its import.
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Functions that Playwright runs inside the page.
    files: ['e2e/**', 'bench/vscode.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Mocha's TDD interface inside VS Code's extension host.
    files: ['e2e/suite/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Tests feed escape sequences, NUL and bidi controls on purpose and look for them in what users see.
    files: ['test/**'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // One namespace per custom message (its method and type), as vscode-eslint's protocol does.
    files: ['server/src/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  layer(
    ['server/src/core/**'],
    [
      [nodeIo, 'core/ is pure: the file system, sockets and processes belong to server/src/io.'],
      [editor, 'core/ is pure: the protocol and the editor API belong to server/src/lsp and client/.'],
      [frontEnds, 'core/ imports no front end (lsp, cli, server.ts).'],
      [ioLayer, 'core/ is pure: io/ calls the core, never the other way round.'],
      notClient,
    ],
  ),
  layer(
    ['server/src/io/**'],
    [[frontEnds, 'io/ imports no front end (lsp, cli, server.ts).'], notClient],
  ),
  layer(['server/src/*.ts', 'server/src/lsp/**', 'server/src/cli/**'], [notClient]),
  layer(
    ['client/src/**'],
    [[serverButShared, 'The client imports from the server only protocol.ts and the pure core modules it shows (escape, probe/html-report, probe/protocols-html, probe/target, probe/text-report, dns/report-html).']],
  ),
);
