import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP004: the retired top-level `profile = "x"`. */
export default defineRule('CP004', (ctx) => reportProblems(ctx, 'CP004'));
