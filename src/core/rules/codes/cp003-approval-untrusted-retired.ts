import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP003: `approval_policy = "untrusted"`, which Codex 0.171 refuses. */
export default defineRule('CP003', (ctx) =>
  reportProblems(ctx, 'CP003', (_p, l) => ({
    fixes: [
      { title: 'Remove approval_policy = "untrusted"', preferred: true, edits: [ctx.removeEdit(l)] },
      { title: 'Use approval_policy = "on-request"', edits: [replaceValue(l, '"on-request"')] },
    ],
  })),
);
