import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP005: `wire_api = "chat"`, which Codex 0.171 refuses. */
export default defineRule('CP005', (ctx) =>
  reportProblems(ctx, 'CP005', (_p, l) => ({
    fixes: [{ title: 'Use wire_api = "responses"', preferred: true, edits: [replaceValue(l, '"responses"')] }],
  })),
);
