import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP008: `[permissions]` profiles without `default_permissions` (in the files where Codex judges that alone). */
export default defineRule('CP008', (ctx) => reportProblems(ctx, 'CP008'));
