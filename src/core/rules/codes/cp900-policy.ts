import { defineRule } from '../rule';

/** CP900: a value the team policy forbids; rules/policy.ts reports it with the policy in view. */
export default defineRule('CP900');
