import { getPath, isTable } from '../../config/toml';
import { defineRule } from '../rule';

/** CP204: domain rules without `features.network_proxy = true`, which Codex needs to enforce them. */
export default defineRule('CP204', (ctx) => {
  const perms = getPath(ctx.effective, ['permissions']);
  if (!isTable(perms) || getPath(ctx.effective, ['features', 'network_proxy']) === true) return;
  for (const [name, prof] of Object.entries(perms)) {
    const domains = isTable(prof) ? getPath(prof, ['network', 'domains']) : undefined;
    const l = ctx.loc(['permissions', name, 'network', 'domains']);
    if (isTable(domains) && Object.keys(domains).length && l) {
      ctx.report(
        `The domain rules in [permissions.${name}.network.domains] are not enforced: Codex applies them only with features.network_proxy = true (experimental). Without it a profile with network enabled has open network.`,
        l.key,
      );
    }
  }
});
