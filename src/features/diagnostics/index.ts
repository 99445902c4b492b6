// Problems-panel diagnostics for Codex config files and their quick fixes. Set up right after the
// first badge, so the lint rules never delay it.
export { registerDiagnostics, type DiagnosticsFeature } from './codeActions';
