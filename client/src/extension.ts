// The extension's entry point (dist/extension.js), kept small on purpose: it loads the real client,
// dist/client.js (client.ts: vscode-languageclient, the commands, about 440 KB), through V8's code
// cache and hands it the activation.
//
// Why: compiling and lazily compiling that much JavaScript was most of the extension's activation
// time. V8 can serialize the bytecode of a script it has run (script.createCachedData()) and take it
// back on the next load (new vm.Script(source, { cachedData })), which skips the compiling. VS Code
// does the same for its own code; Node's own compile cache (module.enableCompileCache) is Node 22,
// and VS Code's extension host still runs Node 20. See ARCHITECTURE.md, "The VS Code client".
//
// The cache is one file in the extension's global storage, named by a key that changes whenever
// dist/client.js's content (its SHA-1) or the Node/V8 that compiled it does (V8 itself only compares
// the source's length).
// Without a usable cache the client is compiled as usual, and a cache is written a few seconds later,
// once the functions the client runs at start have been compiled too. Nothing here may stop the
// extension from activating: a cache that cannot be read, is rejected or cannot be written only
// costs the time it would have saved (and one line on the console).

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { ExtensionContext } from 'vscode';

declare const POSTFIX_LENS_VERSION: string;

interface Client {
  activate(context: ExtensionContext): unknown;
  deactivate(): unknown;
}

/** How dist/client.js was loaded by the last activation, for the tests and for a look in a debugger. */
export interface CodeCacheStatus {
  /** The cache file for this dist/client.js, Node and V8; absent when none could be named. */
  file?: string;
  /** 'used': compiled from the cache; 'rejected': the cache file was damaged or V8 refused it; 'none': no cache file. */
  cache?: 'used' | 'rejected' | 'none';
  /** True once a new cache file has been written. */
  saved?: boolean;
  /** The first thing that went wrong, if anything did (also printed on the console). */
  problem?: string;
}

export const codeCacheStatus: CodeCacheStatus = {};

/** How long the client runs before its cache is written: the code it runs at start is compiled by then. */
const SAVE_DELAY_MS = Number(process.env.POSTFIX_LENS_CODE_CACHE_DELAY_MS) >= 0 ? Number(process.env.POSTFIX_LENS_CODE_CACHE_DELAY_MS) : 8000;
const CACHE_PREFIX = 'client-';
const CACHE_SUFFIX = '.v8cache';
/** A cache file is the SHA-1 of V8's data, then the data. */
const CHECKSUM_BYTES = 20;

let client: Client | undefined;

export function activate(context: ExtensionContext): unknown {
  client = load(path.join(__dirname, 'client.js'), context.globalStorageUri.fsPath);
  return client.activate(context);
}

export function deactivate(): unknown {
  return client?.deactivate();
}

function load(file: string, storage: string): Client {
  for (const k of Object.keys(codeCacheStatus)) delete codeCacheStatus[k as keyof CodeCacheStatus];
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  // The content itself, not its size and time: a build of the same length copied with its time kept
  // (cp -p, rsync -t, an archive) would otherwise be run from the other build's compiled code.
  const content = createHash('sha1').update(bytes).digest('hex');
  const key = [typeof POSTFIX_LENS_VERSION === 'string' ? POSTFIX_LENS_VERSION : 'dev', content, process.version, process.versions.v8, process.arch].join(' ');
  const cacheFile = path.join(storage, `${CACHE_PREFIX}${createHash('sha1').update(key).digest('hex').slice(0, 16)}${CACHE_SUFFIX}`);
  let cachedData: Buffer | undefined;
  let damaged = false;
  try {
    const bytes = fs.readFileSync(cacheFile);
    // V8 checks that a cache is for its version and flags and for a source of this length, but not its
    // bytes: a damaged cache can crash the extension host, so the file carries a checksum.
    const data = bytes.subarray(CHECKSUM_BYTES);
    if (bytes.length > CHECKSUM_BYTES && checksum(data).equals(bytes.subarray(0, CHECKSUM_BYTES))) cachedData = data;
    else damaged = true;
  } catch (e) {
    // No cache yet (or no storage folder yet): the usual first activation. Anything else is reported.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problem(`could not read the code cache ${cacheFile}`, e);
  }
  if (damaged) problem(`the code cache ${cacheFile} is damaged, so it is made anew`);

  let script: vm.Script;
  try {
    script = new vm.Script(source, { filename: file, cachedData });
  } catch (e) {
    if (!cachedData) throw e;
    problem(`could not use the code cache ${cacheFile}`, e);
    cachedData = undefined;
    script = new vm.Script(source, { filename: file });
  }
  Object.assign(codeCacheStatus, { file: cacheFile, cache: damaged || script.cachedDataRejected ? 'rejected' : cachedData ? 'used' : 'none', saved: false });

  // The build wraps dist/client.js in a CommonJS module function (scripts/build.mjs), so the file
  // is exactly the script compiled here and its positions and source map hold as they are.
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, clientRequire(file), mod, file, path.dirname(file));

  if (codeCacheStatus.cache !== 'used') setTimeout(() => save(script, storage, cacheFile), SAVE_DELAY_MS).unref();
  return mod.exports as Client;
}

/**
 * The require of dist/client.js. VS Code answers require('vscode') by the requiring file's path, which
 * lies inside this extension's folder, with one API object per extension; but it looks the extension
 * up anew on every call (a realpath and a search), and the client's modules ask 57 times. Once is enough.
 */
function clientRequire(file: string): NodeJS.Require {
  const req = createRequire(file);
  let vscode: unknown;
  return Object.assign((id: string): unknown => (id === 'vscode' ? (vscode ??= req(id)) : req(id)), req);
}

/** Writes the cache to a temporary file renamed into place (two windows may do it at once), and removes stale ones. */
function save(script: vm.Script, storage: string, cacheFile: string): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(storage, { recursive: true });
    const data = script.createCachedData();
    fs.writeFileSync(tmp, Buffer.concat([checksum(data), data]));
    try {
      fs.renameSync(tmp, cacheFile);
    } catch (e) {
      // Another window may have put the same cache in place meanwhile (Windows refuses the rename then).
      if (!fs.existsSync(cacheFile)) throw e;
    }
    codeCacheStatus.saved = true;
  } catch (e) {
    problem(`could not save the code cache in ${storage}`, e);
  }
  try {
    for (const name of fs.readdirSync(storage)) {
      if (!name.startsWith(CACHE_PREFIX) || !name.includes(CACHE_SUFFIX)) continue;
      const p = path.join(storage, name);
      // Caches of other builds go, and this process's temporary file if the rename failed; another
      // window's temporary file only when it is old (that window may be writing it now).
      const stale = !name.endsWith('.tmp') ? p !== cacheFile : p === tmp || Date.now() - fs.statSync(p).mtimeMs > 3_600_000;
      if (stale) fs.rmSync(p, { force: true });
    }
  } catch {
    // Stale caches are only wasted disk space.
  }
}

function checksum(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest(); // against damage, not against an attacker
}

function problem(what: string, e?: unknown): void {
  if (codeCacheStatus.problem) return; // one line is enough
  const line = e === undefined ? what : `${what}: ${e instanceof Error ? e.message : String(e)}`;
  codeCacheStatus.problem = line;
  console.warn(`postfix-lens: ${line} (the extension works without it, only its start is slower)`);
}
