import { defineRule } from '../rule';

/** CP901: a problem in `.codex-posture.toml` itself; core/policy/parse.ts reports it (not a Codex config). */
export default defineRule('CP901');
