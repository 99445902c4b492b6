// Reports (the posture report, the audit, a sandbox verification) open as read-only Markdown
// documents with a name that says what they are. As untitled documents they were "dirty": closing
// one asked to save a report nobody meant to keep, and the tab took the report's first line as its
// title. The text lives here, in memory; VS Code asks for it by URI.
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'codex-posture-report';

const texts = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

/** Registers the provider; call once from activate(). */
export function registerReportDocuments(): vscode.Disposable {
  const provider = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '',
  });
  return vscode.Disposable.from(provider, changed, { dispose: () => texts.clear() });
}

/** The URI of a report named `title` (shown as the tab's title, with `.md`). */
export function reportUri(title: string): vscode.Uri {
  // A folder name may hold anything a file name can; '/' and '\' would split the path.
  return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[/\\]/g, '-')}.md` });
}

/**
 * Shows `markdown` as the report `title`. The same title again replaces the text, also in a tab that
 * is already open (a new audit of the same folder updates its report instead of opening another).
 */
export async function showReport(title: string, markdown: string, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
  const uri = reportUri(title);
  const before = texts.get(uri.toString());
  texts.set(uri.toString(), markdown);
  if (before !== undefined && before !== markdown) changed.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.getText() !== markdown) {
    // The change event is handled asynchronously; wait for the open document to follow it.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 2000);
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === doc && doc.getText() === markdown) done();
      });
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return vscode.window.showTextDocument(doc, options);
}
