// "Postfix: Create a key and certificate signing request" (postfixLens.createCsr). Asks for more
// names (besides $myhostname and postfixLens.hostnames, which the server reads from the
// configuration) and the key size, then has the language server write <name>.key (0600) and
// <name>.csr beside main.cf, and shows the next steps as a Markdown preview.
// With an argument { uri?, extraNames?, bits? } it asks nothing (tasks, tests, other extensions).
// Returns the server's CreateCsrResult, or undefined when the user gave up.

import * as path from 'node:path';
import { commands, ProgressLocation, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CreateCsrRequest, ProbeTargetsRequest, type CreateCsrResult, type RsaBits } from '../../server/src/protocol';
import { findConfigDocument } from './config-document';

export const CREATE_CSR_COMMAND = 'postfixLens.createCsr';

interface CsrArgs {
  uri?: string;
  extraNames?: string[];
  bits?: RsaBits;
}

/** A rough check for the input box; the server checks every name properly. */
function checkNames(text: string): string | undefined {
  for (const n of text.split(/[\s,]+/).filter(Boolean)) {
    if (!/^(\*\.)?[^\s*/\\@?#<>"'`]+$/u.test(n) || n.length > 253) return `"${n}" is not a host name or address`;
  }
  return undefined;
}

async function ask(client: LanguageClient, uri: string): Promise<{ extraNames: string[]; bits: RsaBits } | undefined> {
  const r = await client.sendRequest(ProbeTargetsRequest.type, { uri }).catch(() => null);
  const names = r?.hostnames ?? [];
  const more = await window.showInputBox({
    title: 'Create a key and certificate signing request',
    prompt: names.length
      ? `The certificate will name ${names.join(', ')} ($myhostname and postfixLens.hostnames). Add more names, separated by spaces or commas, or press Enter.`
      : 'The configuration names no host: type the names the certificate must cover, separated by spaces or commas.',
    placeHolder: 'smtp.example.com imap.example.com',
    validateInput: checkNames,
  });
  if (more === undefined) return undefined;
  const bits = await window.showQuickPick(
    [
      { label: 'RSA 2048', description: 'the default: what every client accepts', bits: 2048 as const },
      { label: 'RSA 3072', description: 'stronger, a little slower to make and to use', bits: 3072 as const },
    ],
    { title: 'Key size' },
  );
  if (!bits) return undefined;
  return { extraNames: more.split(/[\s,]+/).filter(Boolean), bits: bits.bits };
}

export function registerCsrCommand(client: LanguageClient) {
  return commands.registerCommand(CREATE_CSR_COMMAND, async (arg?: CsrArgs): Promise<CreateCsrResult | undefined> => {
    const interactive = !arg || (arg.extraNames === undefined && arg.bits === undefined);
    const uri = arg?.uri ?? (await findConfigDocument())?.toString();
    if (!uri) {
      void window.showWarningMessage('Open the main.cf the certificate is for first: the key and the request are written beside it.');
      return undefined;
    }
    const answers = interactive ? await ask(client, uri) : { extraNames: arg?.extraNames ?? [], bits: arg?.bits ?? 2048 };
    if (!answers) return undefined;
    const result = await window.withProgress(
      { location: ProgressLocation.Notification, title: `Creating an RSA ${answers.bits} key and a certificate signing request…` },
      () => client.sendRequest(CreateCsrRequest.type, { uri, extraNames: answers.extraNames, bits: answers.bits }),
    );
    if (!result.ok) {
      void window.showErrorMessage(result.message);
      return result;
    }
    const openCsr = 'Open the CSR';
    const steps = 'Next steps';
    void window
      .showInformationMessage(`Wrote ${path.basename(result.keyPath)} (readable by you only) and ${path.basename(result.csrPath)} for ${result.names.join(', ')}.`, steps, openCsr)
      .then((choice) => {
        if (choice === openCsr) void window.showTextDocument(Uri.file(result.csrPath));
        if (choice === steps) void showNextSteps(result.nextSteps);
      });
    if (interactive) await showNextSteps(result.nextSteps);
    return result;
  });
}

async function showNextSteps(markdown: string): Promise<void> {
  const doc = await workspace.openTextDocument({ language: 'markdown', content: markdown });
  try {
    await commands.executeCommand('markdown.showPreview', doc.uri);
  } catch {
    await window.showTextDocument(doc);
  }
}
