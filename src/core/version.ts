// The version in package.json, for `codex-posture --version`, SARIF output and the client info
// sent to codex: one number to bump. esbuild keeps only this field of the JSON in a bundle.
import { version } from '../../package.json';

export const VERSION: string = version;
