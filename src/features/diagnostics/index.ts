// The lint chunk (dist/extension.lint.js, see scripts/build.mjs): everything that runs the config
// rules. extension.ts loads it right after the first badge, so the rules never delay the badge.
export { registerDiagnostics } from './codeActions';
export { registerAudit } from '../session/audit';
