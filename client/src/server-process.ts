// How the VS Code client runs the language server's Node process. The server's working set is small
// (a 50,000-line main.cf is analysed in about 12 MB), but Node's defaults are made for throughput:
// - a young generation of 2 MB per half instead of 16 MB: collections are frequent and short;
// - two malloc arenas instead of one per thread;
// - blocks of 32 KiB and more (the compiler's and parser's scratch memory) from mmap, handed back to
//   the system when freed, instead of from the heap, where one live block at the top holds everything
//   under it (glibc's default threshold rises to 32 MiB once such a block is freed).
// Together they keep the server's RSS with a 50,000-line main.cf open about 25 MiB lower
// (docs/benchmarks.md, "Language server"). bench/lsp.ts measures the server started this way.

export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];

export const SERVER_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '32768',
};
