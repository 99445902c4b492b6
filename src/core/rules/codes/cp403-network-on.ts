import { getPath, isTable } from '../../config/toml';
import { replaceValue } from '../edits';
import { defineRule } from '../rule';
import { networkAccess } from './cp202-inert-network-access';
import { unusedProfiles } from './cp210-unused-permission-profile';

/** CP403: commands inside the sandbox can reach the network. */
export default defineRule('CP403', (ctx) => {
  // A warning only against a team baseline that wants the network off (see LintOptions.baseline).
  const severity = ctx.opts.baseline && !ctx.opts.baseline.networkAccess ? ('warning' as const) : undefined;
  const net = networkAccess(ctx);
  if (net.value === true && net.l && !net.inert) {
    ctx.report(
      'network_access = true: commands inside the workspace-write sandbox can reach the network (exfiltration, downloads).',
      ctx.valueSpan(net.l),
      {
        severity,
        fixes: [{ title: 'Turn network off: network_access = false', preferred: true, edits: [replaceValue(net.l, 'false')] }],
      },
    );
  }
  const perms = getPath(ctx.effective, ['permissions']);
  if (!isTable(perms)) return;
  // A profile nothing here uses gives no network to anyone (CP210 reports it).
  const unused = new Set(unusedProfiles(ctx)?.names ?? []);
  for (const name of Object.keys(perms)) {
    if (unused.has(name)) continue;
    const p = ['permissions', name, 'network', 'enabled'];
    const l = ctx.loc(p);
    if (getPath(ctx.effective, p) === true && l) {
      ctx.report(
        `[permissions.${name}.network] enabled = true: commands under this permission profile can reach the network.`,
        ctx.valueSpan(l),
        {
          severity,
          fixes: [{ title: 'Turn network off: enabled = false', preferred: true, edits: [replaceValue(l, 'false')] }],
        },
      );
    }
  }
});
