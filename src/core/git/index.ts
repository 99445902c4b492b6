// Git posture: facts (types), how to read them (porcelain parser, git CLI), how to judge them (policy).
export * from './types';
export { parsePorcelainV2, type PorcelainStatus } from './porcelain';
export { branchGlobToRegExp, matchesBranchGlob, firstMatchingGlob } from './glob';
export { evaluateGitPosture, describeChanges, compileFeatureBranchPattern } from './policy';
export { readGitPostureCli, type GitCliOptions } from './gitCli';
export { gitPostureFromApiState, type GitApiStateLike } from './gitApiState';
