// The posture of every open folder (one immutable state each) and what refreshes it. Every
// surface reads it; none computes posture itself.
export { PostureService, type CodexFacts, type Enricher, type FolderState, type GitFacts } from './postureService';
export { watchPostureInputs } from './watchers';
