// Codex 0.171's config keys as data, in one place: the engine's loader (config/validate.ts), the
// lint rules and the JSON schema all read them from here, so "loads" means the same everywhere. A
// new Codex version is a change to these files.
export * from './deprecations';
export * from './features';
export * from './keys';
export * from './project';
export * from './values';
export * from './featureStages';
export * from './featureTables';
