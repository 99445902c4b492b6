// The team policy (`.codex-posture.toml`): parse, find for a folder, check a posture, export.
export * from './types';
export { parsePolicy } from './parse';
export { findPolicyFile, loadPolicyFor, type FoundPolicy } from './find';
export { checkPosture, outsidePrograms, type OutsideProgram, type PolicyViolation } from './check';
export { policyToRequirements, type RequirementsExport } from './export';
export { baselineFor, expiryDaysFor, gitRulesFor, policyFindings, type AppliedBaseline } from './present';
export { isPolicyFile, lintPolicyText } from './lint';
