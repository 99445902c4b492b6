import { defineRule } from '../rule';

/**
 * CP207: a key another layer overrides. It needs the resolved posture of the workspace folder,
 * which one file does not have: rules/layerNotes.ts reports it after the per-file rules.
 */
export default defineRule('CP207');
