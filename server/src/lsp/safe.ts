// One wrapper for every request handler: a feature that throws is logged and answers with an empty
// result, so the editor never loses the server (or its other features) because of one bug.

import type { Connection } from 'vscode-languageserver';

export function safely<P extends unknown[], R>(connection: Connection, feature: string, empty: R, fn: (...args: P) => R | Promise<R>) {
  return async (...args: P): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      connection.console.error(`postfix-lens: ${feature} failed: ${(e as Error)?.stack ?? String(e)}`);
      return empty;
    }
  };
}
