import { getPath } from '../../config/toml';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';

/** CP404: live web search, a prompt-injection surface. */
export default defineRule('CP404', (ctx) => {
  const l = ctx.loc(['web_search']);
  if (getPath(ctx.effective, ['web_search']) !== 'live' || !l) return;
  // A warning only against a team baseline that excludes live search (see LintOptions.baseline).
  const severity = ctx.opts.baseline && !ctx.opts.baseline.webSearch.includes('live') ? ('warning' as const) : undefined;
  ctx.report(
    'web_search = "live": the agent reads web pages fetched during the session, which can carry prompt injections. "cached" (the default) uses an indexed cache.',
    ctx.valueSpan(l),
    {
      severity,
      fixes: [
        { title: 'Use web_search = "cached"', preferred: true, edits: [replaceValue(l, '"cached"')] },
        { title: 'Use web_search = "disabled"', edits: [replaceValue(l, '"disabled"')] },
      ],
    },
  );
});
