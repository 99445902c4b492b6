import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP009: `default_permissions` naming an unknown built-in or a missing `[permissions.<name>]`. */
export default defineRule('CP009', (ctx) => reportProblems(ctx, 'CP009'));
