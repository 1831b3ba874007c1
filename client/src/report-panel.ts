// One webview panel for a kind of report (the probe's, the DNS check's), reused for each run and
// locked down: no scripts, forms, command links or local resources. The page itself comes from the
// core (no script, a strict Content-Security-Policy with a fresh nonce, every value escaped).

import { randomBytes } from 'node:crypto';
import { ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';

export class ReportPanel implements Disposable {
  private panel: WebviewPanel | undefined;

  constructor(
    private readonly viewType: string,
    /** Keep the focus in the editor (a report that comes by itself) or give it to the report. */
    private readonly preserveFocus: boolean,
  ) {}

  protected render(title: string, page: (nonce: string) => string): void {
    if (!this.panel) {
      this.panel = window.createWebviewPanel(this.viewType, title, { viewColumn: ViewColumn.Beside, preserveFocus: this.preserveFocus }, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    this.panel.webview.html = page(randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, 'x'));
    this.panel.reveal(undefined, this.preserveFocus);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
