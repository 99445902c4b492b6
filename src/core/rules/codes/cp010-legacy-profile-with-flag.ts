import { defineRule } from '../rule';

/**
 * CP010: `[profiles.x]` together with `--profile x`. Only the engine can see the launch
 * arguments (config/resolve.ts reports it as the load error); a file alone never has it.
 */
export default defineRule('CP010');
