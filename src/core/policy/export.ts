// The part of the team policy Codex itself enforces, as a `requirements.toml` for an administrator
// to install (/etc/codex/requirements.toml on Linux). Measured on 0.171: a configured value outside
// an allowed list falls back to an allowed one with a startup warning, and an MCP server whose name
// and identity are not listed is disabled ("requirements (...)" in `codex mcp list`).
import { tomlString } from '../rules/edits';
import type { TeamPolicy } from './types';

/** What the export leaves out, so the command can say it rather than drop it silently. */
export interface RequirementsExport {
  readonly text: string;
  readonly notExported: readonly string[];
}

const list = (words: readonly string[]) => `[${words.map(tomlString).join(', ')}]`;

export function policyToRequirements(policy: TeamPolicy, source = '.codex-posture.toml'): RequirementsExport {
  const lines = [
    `# Exported by Codex Posture from ${source}.`,
    '# Install as /etc/codex/requirements.toml; Codex falls back to an allowed value when a config asks for another.',
    '',
  ];
  if (policy.allowedSandboxModes) lines.push(`allowed_sandbox_modes = ${list(policy.allowedSandboxModes.value)}`);
  if (policy.allowedApprovalPolicies) lines.push(`allowed_approval_policies = ${list(policy.allowedApprovalPolicies.value)}`);
  if (policy.allowedWebSearchModes) lines.push(`allowed_web_search_modes = ${list(policy.allowedWebSearchModes.value)}`);
  if (policy.mcpServers) {
    for (const [name, id] of policy.mcpServers.value) {
      lines.push('', `[mcp_servers.${tomlString(name)}.identity]`);
      lines.push(id.command !== undefined ? `command = ${tomlString(id.command)}` : `url = ${tomlString(id.url ?? '')}`);
    }
  }
  const notExported: string[] = [];
  if (policy.allowNetworkAccess) notExported.push('allow_network_access');
  if (policy.allowProgramsOutsideSandbox) notExported.push('allow_programs_outside_sandbox');
  if (policy.protectedBranches) notExported.push('git.protected_branches');
  if (policy.featureBranchPattern) notExported.push('git.feature_branch_pattern');
  if (policy.maxExpiryDays) notExported.push('exceptions.max_expiry_days');
  if (notExported.length) lines.push('', `# Not enforceable by Codex, checked by Codex Posture only: ${notExported.join(', ')}.`);
  return { text: lines.join('\n') + '\n', notExported };
}
