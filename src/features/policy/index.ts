// The repository's team policy in VS Code beyond the badge: its export to Codex's requirements.
export { exportRequirements, type ExportOptions } from './exportRequirements';
