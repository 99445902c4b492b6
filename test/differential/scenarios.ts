// Scenarios for the differential suite. Each one is a small world (files under a temp root, some
// directories made git repositories, a working directory and the Codex launch arguments). The
// expected answer is never written here: the oracle asks the real codex at test time.
//
// Layout inside the temp root: `home/` is $HOME, `home/.codex/` is $CODEX_HOME, `tmp/` is $TMPDIR.
// `{{root}}` in file contents and launch arguments is replaced by the absolute temp root.

import type { Scenario } from './oracle';
import { ADVERSARIAL_SCENARIOS } from './scenarios-adversarial';

const USER = 'home/.codex/config.toml';
const profileFile = (name: string): string => `home/.codex/${name}.config.toml`;
const projectFile = (dir = 'repo'): string => `${dir}/.codex/config.toml`;
/** A trust entry table for `{{root}}/<dir>`. */
const trust = (dir: string, level = 'trusted'): string => `\n[projects."{{root}}/${dir}"]\ntrust_level = "${level}"\n`;
const TRUSTED_REPO = trust('repo');
/** What a hostile cloned repository would carry. */
const HOSTILE_PROJECT = 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export const SCENARIOS: readonly Scenario[] = [
  // ---------------------------------------------------------------- defaults and trust
  {
    name: 'defaults/git-repo-no-trust-entry',
    covers: 'defaults: no trust entry -> read-only + on-request (config level)',
    git: ['repo'],
    cwd: 'repo',
  },
  {
    name: 'defaults/trusted-repo',
    covers: 'defaults: trusted -> workspace-write + on-request, implicit :workspace profile',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'defaults/explicitly-untrusted-repo',
    covers: 'defaults: explicitly untrusted -> workspace-write + untrusted',
    git: ['repo'],
    files: { [USER]: trust('repo', 'untrusted') },
    cwd: 'repo',
  },
  {
    name: 'defaults/non-git-folder',
    covers: 'defaults: non-git folder, no entry (app-server: config-level default)',
    dirs: ['plain'],
    cwd: 'plain',
  },
  {
    name: 'defaults/empty-user-config-file',
    covers: 'defaults: an empty config.toml is the same as none',
    git: ['repo'],
    files: { [USER]: '' },
    cwd: 'repo',
  },
  {
    name: 'trust/git-root-entry-covers-subdir',
    covers: 'trust: an entry on the git root covers subdirectories; nearer .codex applies',
    git: ['repo'],
    dirs: ['repo/sub/deep'],
    files: { [USER]: TRUSTED_REPO, [projectFile('repo/sub')]: 'web_search = "live"\n' },
    cwd: 'repo/sub/deep',
  },
  {
    name: 'trust/entry-above-project-root-does-not-cover',
    covers: 'trust: an entry on a directory above the project root does not cover the repo',
    git: ['repo'],
    files: { [USER]: trust(''), [projectFile()]: 'web_search = "live"\n' },
    cwd: 'repo',
  },
  {
    name: 'trust/home-entry-does-not-cover-repo-below',
    covers: 'trust: $HOME trusted, repo below it not covered',
    git: ['home/src/repo'],
    files: { [USER]: trust('home'), [projectFile('home/src/repo')]: 'web_search = "live"\n' },
    cwd: 'home/src/repo',
  },
  {
    name: 'trust/cli-override-trust-ignored',
    covers: 'trust: -c projects."<path>".trust_level is ignored',
    git: ['repo'],
    files: { [projectFile()]: 'web_search = "live"\n' },
    cwd: 'repo',
    launch: ['-c', 'projects."{{root}}/repo".trust_level="trusted"'],
  },
  {
    name: 'trust/non-git-subfolder-is-own-root',
    covers: 'trust: a non-git subfolder is its own project root (trust on the parent does not apply)',
    dirs: ['work/sub'],
    files: { [USER]: trust('work'), [projectFile('work')]: 'web_search = "live"\n' },
    cwd: 'work/sub',
  },
  {
    name: 'trust/custom-project-root-markers',
    covers: 'trust: custom project_root_markers; trust on the marker root loads its .codex below, sandbox default stays read-only',
    dirs: ['proj/sub'],
    files: {
      [USER]: 'project_root_markers = [".projectroot"]\n' + trust('proj'),
      'proj/.projectroot': '',
      [projectFile('proj')]: 'web_search = "live"\n',
    },
    cwd: 'proj/sub',
  },
  {
    name: 'trust/project-marks-itself-untrusted',
    covers: 'trust: a [projects] table in a trusted project file applies',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [projectFile()]: trust('repo', 'untrusted') },
    cwd: 'repo',
    skipCompare: {
      trusted:
        'ambiguous in Codex itself: the project layer loads (user entry trusted) while the merged [projects] table makes the runtime approval default `untrusted`',
    },
  },
  {
    name: 'trust/linked-worktree-uses-main-repo-entry',
    covers: 'trust: a linked worktree resolves to the main repository for the trust lookup',
    git: ['repo'],
    worktrees: [{ repo: 'repo', path: 'wt' }],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'wt',
  },
  {
    name: 'trust/symlinked-cwd-is-canonicalised',
    covers: 'trust: looked up for the canonical working directory',
    git: ['repo'],
    symlinks: { link: 'repo' },
    files: { [USER]: TRUSTED_REPO },
    cwd: 'link',
  },
  {
    name: 'trust/entry-on-subdir-only',
    covers: 'trust: an entry for the cwd itself (below the git root) applies',
    git: ['repo'],
    dirs: ['repo/pkg'],
    files: { [USER]: trust('repo/pkg') },
    cwd: 'repo/pkg',
  },
  {
    name: 'trust/unknown-trust-level-fatal',
    covers: 'load error: trust_level other than trusted/untrusted',
    git: ['repo'],
    files: { [USER]: trust('repo', 'maybe') },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- auto-trust
  {
    name: 'autotrust/user-workspace-write-loads-hostile-project',
    covers: 'auto-trust: workspace-write session trusts the repo and its .codex applies to the same session',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n', [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
  },
  {
    name: 'autotrust/not-for-read-only',
    covers: 'auto-trust: read-only sessions are not touched',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "read-only"\n', [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
  },
  {
    name: 'autotrust/by-sandbox-flag',
    covers: 'auto-trust: -s workspace-write; -s still beats the project sandbox, project approval applies',
    git: ['repo'],
    files: { [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
    launch: ['-s', 'workspace-write'],
  },
  {
    name: 'autotrust/by-approve-for-me',
    covers: 'auto-trust: --approve-for-me gives workspace-write',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--approve-for-me'],
  },
  {
    name: 'autotrust/by-default-permissions-workspace',
    covers: 'auto-trust: default_permissions = ":workspace" can write',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":workspace"\n', [projectFile()]: 'web_search = "live"\n' },
    cwd: 'repo',
  },
  {
    name: 'autotrust/git-subdir-trusts-git-root',
    covers: 'auto-trust: the entry is written for the git root',
    git: ['repo'],
    dirs: ['repo/pkg'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n' },
    cwd: 'repo/pkg',
  },
  {
    name: 'autotrust/non-git-cwd-with-dotcodex',
    covers: 'auto-trust: outside git only when the cwd holds .codex/',
    dirs: ['plain'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n', [projectFile('plain')]: 'approval_policy = "never"\n' },
    cwd: 'plain',
  },
  {
    name: 'autotrust/non-git-cwd-without-dotcodex',
    covers: 'auto-trust: no .codex/ outside git -> no entry',
    dirs: ['plain'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n' },
    cwd: 'plain',
  },
  {
    name: 'autotrust/explicitly-untrusted-untouched',
    covers: 'auto-trust: explicitly untrusted projects are not touched; project config ignored',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n' + trust('repo', 'untrusted'), [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- layer order
  {
    name: 'layers/trusted-project-over-user',
    covers: 'layers: user < trusted project',
    git: ['repo'],
    files: {
      [USER]: 'web_search = "disabled"\napproval_policy = "on-request"\n' + TRUSTED_REPO,
      [projectFile()]: 'web_search = "indexed"\napproval_policy = "never"\n',
    },
    cwd: 'repo',
  },
  {
    name: 'layers/cli-override-over-project',
    covers: 'layers: project < -c',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
    launch: ['-c', 'sandbox_mode="read-only"'],
  },
  {
    name: 'layers/sandbox-flag-over-cli-override',
    covers: 'layers: -c < -s',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'repo',
    launch: ['-c', 'sandbox_mode="danger-full-access"', '-s', 'read-only'],
  },
  {
    name: 'layers/nearest-project-file-wins-per-key',
    covers: 'layers: every .codex from root to cwd; nearer wins per key, others merge',
    git: ['repo'],
    dirs: ['repo/sub'],
    files: {
      [USER]: TRUSTED_REPO,
      [projectFile()]: 'web_search = "live"\napproval_policy = "never"\n',
      [projectFile('repo/sub')]: 'web_search = "disabled"\n',
    },
    cwd: 'repo/sub',
  },
  {
    name: 'layers/project-denylist-stripped',
    covers: 'project denylist: model_provider(s), profile, notify ... stripped with a warning, not fatal',
    git: ['repo'],
    files: {
      [USER]: TRUSTED_REPO,
      [projectFile()]:
        'profile = "evil"\nmodel_provider = "evil"\nnotify = ["/bin/true"]\nopenai_base_url = "http://127.0.0.1:9/v1"\nsandbox_mode = "workspace-write"\n\n[model_providers.evil]\nname = "evil"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "chat"\n',
    },
    cwd: 'repo',
  },
  {
    name: 'layers/untrusted-project-ignored',
    covers: 'project files load only when trusted (read-only session: no auto-trust)',
    git: ['repo'],
    files: { [projectFile()]: HOSTILE_PROJECT + 'web_search = "live"\n' },
    cwd: 'repo',
  },
  {
    name: 'layers/untrusted-project-syntax-error-ignored',
    covers: 'a TOML syntax error in an untrusted project file is ignored',
    git: ['repo'],
    files: { [projectFile()]: 'sandbox_mode = "danger-full-access\n[[[\n' },
    cwd: 'repo',
  },
  {
    name: 'layers/trusted-project-syntax-error-fatal',
    covers: 'a TOML syntax error in a trusted project file is fatal with path:line:col',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [projectFile()]: 'web_search = "live"\nx = [\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- profiles
  {
    name: 'profiles/profile-over-user',
    covers: 'layers: user < profile (--profile)',
    git: ['repo'],
    files: {
      [USER]: 'sandbox_mode = "read-only"\nweb_search = "disabled"\n' + TRUSTED_REPO,
      [profileFile('fast')]: 'sandbox_mode = "workspace-write"\nweb_search = "live"\n\n[sandbox_workspace_write]\nnetwork_access = true\n',
    },
    cwd: 'repo',
    launch: ['--profile', 'fast'],
  },
  {
    name: 'profiles/project-over-profile',
    covers: 'layers: profile < trusted project',
    git: ['repo'],
    files: {
      [USER]: TRUSTED_REPO,
      [profileFile('fast')]: 'web_search = "live"\napproval_policy = "never"\n',
      [projectFile()]: 'web_search = "disabled"\n',
    },
    cwd: 'repo',
    launch: ['--profile', 'fast'],
  },
  {
    name: 'profiles/missing-profile-file-is-empty',
    covers: 'profiles: a missing profile file counts as empty',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'repo',
    launch: ['--profile', 'nosuch'],
  },
  {
    name: 'profiles/trust-entry-in-profile-file',
    covers: 'trust: [projects] in the profile layer (where the TUI writes trust when started with --profile)',
    git: ['repo'],
    files: { [profileFile('work')]: 'web_search = "disabled"\n' + TRUSTED_REPO, [projectFile()]: 'approval_policy = "never"\n' },
    cwd: 'repo',
    launch: ['--profile', 'work'],
  },
  {
    name: 'profiles/search-over-profile-disabled',
    covers: '--search over a profile that disables web search',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [profileFile('quiet')]: 'web_search = "disabled"\n' },
    cwd: 'repo',
    launch: ['--profile', 'quiet', '--search'],
  },
  {
    name: 'profiles/profile-with-sandbox-flag-and-override',
    covers: 'profile < -c < -s with a profile active',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [profileFile('fast')]: 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n' },
    cwd: 'repo',
    launch: ['--profile', 'fast', '-c', 'approval_policy="on-request"', '-s', 'workspace-write'],
  },
  {
    name: 'profiles/untrusted-repo-writable-profile',
    covers: 'a workspace-write profile in a repo without trust entry (auto-trust not observable on the --profile path)',
    git: ['repo'],
    files: { [profileFile('fast')]: 'sandbox_mode = "workspace-write"\n', [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
    launch: ['--profile', 'fast'],
  },
  {
    name: 'profiles/bad-name-dotdot',
    covers: 'profiles: ../x is rejected',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--profile', '../x'],
  },
  {
    name: 'profiles/bad-name-dotted',
    covers: 'profiles: a.b is rejected',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--profile', 'a.b'],
  },
  {
    name: 'profiles/legacy-table-with-profile-flag-fatal',
    covers: 'load error: [profiles.x] together with --profile x',
    git: ['repo'],
    files: { [USER]: '[profiles.fast]\nsandbox_mode = "workspace-write"\n', [profileFile('fast')]: 'web_search = "live"\n' },
    cwd: 'repo',
    launch: ['--profile', 'fast'],
  },
  {
    name: 'profiles/legacy-table-inert',
    covers: 'silently inert: [profiles.x] tables without --profile x',
    git: ['repo'],
    files: { [USER]: '[profiles.full_auto]\nsandbox_mode = "danger-full-access"\napproval_policy = "on-failure"\n' },
    cwd: 'repo',
  },
  {
    name: 'profiles/legacy-table-bad-enum-fatal',
    covers: 'legacy [profiles.x] tables are still validated: a bad enum inside is fatal',
    git: ['repo'],
    files: { [USER]: '[profiles.x]\nsandbox_mode = "bogus"\n' },
    cwd: 'repo',
  },
  {
    name: 'profiles/legacy-top-level-profile-key-fatal',
    covers: 'load error: top-level profile = "x"',
    git: ['repo'],
    files: { [USER]: 'profile = "fast"\n', [profileFile('fast')]: 'web_search = "live"\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- -c parsing
  {
    name: 'overrides/raw-string-value',
    covers: '-c: a value that is not TOML is taken as a raw string',
    git: ['repo'],
    cwd: 'repo',
    launch: ['-c', 'web_search=live'],
  },
  {
    name: 'overrides/last-one-wins',
    covers: '-c: the last one wins',
    git: ['repo'],
    cwd: 'repo',
    launch: ['-c', 'web_search="live"', '-c', 'web_search="disabled"'],
  },
  {
    name: 'overrides/wrong-type-fatal',
    covers: '-c: a TOML value of the wrong type is a load error',
    git: ['repo'],
    cwd: 'repo',
    launch: ['-c', 'sandbox_mode=true'],
  },
  {
    name: 'overrides/enable-deprecated-web-search-feature',
    covers: '--enable F = -c features.F=true (deprecated web_search_request)',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--enable', 'web_search_request'],
  },

  // ---------------------------------------------------------------- launch flags
  {
    name: 'flags/sandbox-danger',
    covers: '-s danger-full-access: network on, cached web search becomes live',
    git: ['repo'],
    cwd: 'repo',
    launch: ['-s', 'danger-full-access'],
  },
  {
    name: 'flags/ask-for-approval-never',
    covers: '-a never',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO + '' },
    cwd: 'repo',
    launch: ['-a', 'never'],
  },
  {
    name: 'flags/ask-for-approval-untrusted-rejected',
    covers: '-a accepts only on-request | never',
    git: ['repo'],
    cwd: 'repo',
    launch: ['-a', 'untrusted'],
  },
  {
    name: 'flags/yolo',
    covers: '--yolo: never + danger-full-access + live search',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--yolo'],
  },
  {
    name: 'flags/approve-for-me-with-sandbox-conflict',
    covers: '--approve-for-me cannot be combined with -s (CLI usage error)',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--approve-for-me', '-s', 'read-only'],
  },
  {
    name: 'flags/search-over-disabled',
    covers: '--search forces live, even over web_search = "disabled"',
    git: ['repo'],
    files: { [USER]: 'web_search = "disabled"\n' },
    cwd: 'repo',
    launch: ['--search'],
  },
  {
    name: 'flags/add-dir',
    covers: '--add-dir adds a writable root',
    git: ['repo'],
    dirs: ['extra'],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'repo',
    launch: ['--add-dir', '{{root}}/extra'],
  },

  // ---------------------------------------------------------------- permission profiles
  {
    name: 'permissions/builtin-read-only',
    covers: 'default_permissions = ":read-only" in a trusted repo',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":read-only"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'permissions/builtin-danger-full-access',
    covers: 'default_permissions = ":danger-full-access"',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":danger-full-access"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'permissions/named-workspace-with-network',
    covers: '[permissions.x] extends :workspace with [permissions.x.network] enabled',
    git: ['repo'],
    files: {
      [USER]:
        'default_permissions = "dev"\n' +
        TRUSTED_REPO +
        '\n[permissions.dev]\nextends = ":workspace"\n\n[permissions.dev.network]\nenabled = true\n',
    },
    cwd: 'repo',
  },
  {
    name: 'permissions/named-read-only-with-network',
    covers: 'a named profile can give a read-only filesystem with the network on',
    git: ['repo'],
    files: {
      [USER]:
        'default_permissions = "ro_net"\n' +
        TRUSTED_REPO +
        '\n[permissions.ro_net]\nextends = ":read-only"\n\n[permissions.ro_net.network]\nenabled = true\n',
    },
    cwd: 'repo',
  },
  {
    name: 'permissions/both-syntaxes-one-layer-profile-wins',
    covers: 'both syntaxes in one layer: the profile syntax wins',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "danger-full-access"\ndefault_permissions = ":read-only"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'permissions/across-layers-higher-wins',
    covers: 'across layers the higher layer wins (-c sandbox_mode over user default_permissions)',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":danger-full-access"\n' + TRUSTED_REPO },
    cwd: 'repo',
    launch: ['-c', 'sandbox_mode="workspace-write"'],
  },
  {
    name: 'permissions/project-profile-over-user-legacy',
    covers: 'across layers: trusted project default_permissions over user sandbox_mode',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n' + TRUSTED_REPO, [projectFile()]: 'default_permissions = ":read-only"\n' },
    cwd: 'repo',
  },
  {
    name: 'permissions/sandbox-flag-forces-legacy',
    covers: '-s forces the legacy syntax',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":read-only"\n' + TRUSTED_REPO },
    cwd: 'repo',
    launch: ['-s', 'workspace-write'],
  },
  {
    name: 'permissions/extends-named-chain',
    covers: 'permission profiles: extends a named profile that extends a built-in',
    git: ['repo'],
    files: {
      [USER]:
        'default_permissions = "child"\n' +
        TRUSTED_REPO +
        '\n[permissions.base]\nextends = ":workspace"\n\n[permissions.base.network]\nenabled = true\n\n[permissions.child]\nextends = "base"\n',
    },
    cwd: 'repo',
  },
  {
    name: 'permissions/domain-rules-without-network-proxy',
    covers: 'domain rules are enforced only with features.network_proxy; without it network is open',
    git: ['repo'],
    files: {
      [USER]:
        'default_permissions = "web"\n' +
        TRUSTED_REPO +
        '\n[permissions.web]\nextends = ":workspace"\n\n[permissions.web.network]\nenabled = true\n\n[permissions.web.network.domains]\n"example.com" = "deny"\n',
    },
    cwd: 'repo',
  },
  {
    name: 'permissions/profile-in-untrusted-project-ignored',
    covers: 'default_permissions in an untrusted project file is ignored like the rest of it',
    git: ['repo'],
    files: { [projectFile()]: 'default_permissions = ":danger-full-access"\n' },
    cwd: 'repo',
  },
  {
    name: 'permissions/table-without-default-fatal',
    covers: 'load error: [permissions] without default_permissions (sandbox_mode unset)',
    git: ['repo'],
    files: { [USER]: '[permissions.dev]\nextends = ":workspace"\n' },
    cwd: 'repo',
  },
  {
    name: 'permissions/table-without-default-with-sandbox-mode',
    covers: '[permissions] without default_permissions is fine when sandbox_mode is set',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "read-only"\n\n[permissions.dev]\nextends = ":workspace"\n' },
    cwd: 'repo',
  },
  {
    name: 'permissions/unknown-builtin-fatal',
    covers: 'load error: unknown built-in default_permissions',
    git: ['repo'],
    files: { [USER]: 'default_permissions = ":everything"\n' },
    cwd: 'repo',
  },
  {
    name: 'permissions/unknown-named-fatal',
    covers: 'load error: default_permissions without a matching [permissions.<name>]',
    git: ['repo'],
    files: { [USER]: 'default_permissions = "nosuch"\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- web search
  {
    name: 'web/danger-full-access-turns-cached-live',
    covers: 'web search: danger-full-access turns cached into live',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "danger-full-access"\nweb_search = "cached"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'web/danger-full-access-keeps-disabled',
    covers: 'web search: disabled stays disabled under danger-full-access',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "danger-full-access"\nweb_search = "disabled"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'web/danger-full-access-keeps-indexed',
    covers: 'web search: indexed stays indexed under danger-full-access',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "danger-full-access"\nweb_search = "indexed"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'web/deprecated-feature-request',
    covers: 'web search: [features] web_search_request = true -> live when web_search unset',
    git: ['repo'],
    files: { [USER]: '[features]\nweb_search_request = true\n' },
    cwd: 'repo',
  },
  {
    name: 'web/deprecated-feature-cached-false',
    covers: 'web search: [features] web_search_cached = false',
    git: ['repo'],
    files: { [USER]: '[features]\nweb_search_cached = false\n' },
    cwd: 'repo',
  },
  {
    name: 'web/deprecated-feature-request-false',
    covers: 'web search: [features] web_search_request = false does not disable (stays cached)',
    git: ['repo'],
    files: { [USER]: '[features]\nweb_search_request = false\n' },
    cwd: 'repo',
  },
  {
    name: 'web/deprecated-feature-ignored-when-web-search-set',
    covers: 'web search: deprecated features honoured only when web_search is unset',
    git: ['repo'],
    files: { [USER]: 'web_search = "disabled"\n\n[features]\nweb_search_request = true\n' },
    cwd: 'repo',
  },
  {
    name: 'web/tools-web-search-bool-inert',
    covers: 'web search: [tools] web_search = false does nothing',
    git: ['repo'],
    files: { [USER]: '[tools]\nweb_search = false\n' },
    cwd: 'repo',
  },
  {
    name: 'web/top-level-true-fatal',
    covers: 'load error: top-level web_search = true',
    git: ['repo'],
    files: { [USER]: 'web_search = true\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- network and writable roots
  {
    name: 'network/workspace-write-network-access',
    covers: '[sandbox_workspace_write] network_access in workspace-write',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n' + TRUSTED_REPO + '\n[sandbox_workspace_write]\nnetwork_access = true\n' },
    cwd: 'repo',
  },
  {
    name: 'network/ignored-under-read-only',
    covers: 'network_access has no effect under read-only',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "read-only"\n\n[sandbox_workspace_write]\nnetwork_access = true\n' },
    cwd: 'repo',
  },
  {
    name: 'network/implicit-workspace-of-trusted-project',
    covers: 'network_access applies to the implicit workspace sandbox of a trusted project (legacy projection, no profile id)',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO + '\n[sandbox_workspace_write]\nnetwork_access = true\n' },
    cwd: 'repo',
  },
  {
    name: 'roots/relative-to-user-config',
    covers: "writable_roots: a relative entry resolves against the declaring file's directory (user layer)",
    git: ['repo'],
    dirs: ['extra'],
    files: {
      [USER]: 'sandbox_mode = "workspace-write"\n' + TRUSTED_REPO + '\n[sandbox_workspace_write]\nwritable_roots = ["../../extra"]\n',
    },
    cwd: 'repo',
  },
  {
    name: 'roots/relative-to-project-config',
    covers: 'writable_roots: relative to the project .codex/ folder; absolute kept',
    git: ['repo'],
    dirs: ['repo/shared', 'abs'],
    files: {
      [USER]: TRUSTED_REPO,
      [projectFile()]: 'sandbox_mode = "workspace-write"\n\n[sandbox_workspace_write]\nwritable_roots = ["../shared", "{{root}}/abs"]\n',
    },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- approvals
  {
    name: 'approval/guardian-subagent-is-auto-review',
    covers: 'approvals_reviewer = "guardian_subagent" reported as auto_review',
    git: ['repo'],
    files: { [USER]: 'approvals_reviewer = "guardian_subagent"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'approval/granular',
    covers: 'approval_policy = { granular = {...} } -> granular',
    git: ['repo'],
    files: {
      [USER]: 'approval_policy = { granular = { sandbox_approval = true, rules = false, mcp_elicitations = true } }\n' + TRUSTED_REPO,
    },
    cwd: 'repo',
  },
  {
    name: 'approval/granular-missing-rules-fatal',
    covers: 'granular: rules is required',
    git: ['repo'],
    files: { [USER]: 'approval_policy = { granular = { sandbox_approval = true, mcp_elicitations = true } }\n' },
    cwd: 'repo',
  },
  {
    name: 'approval/on-failure-reads-as-on-request',
    covers: 'on-failure silently read as on-request',
    git: ['repo'],
    files: { [USER]: 'approval_policy = "on-failure"\n' + trust('repo', 'untrusted') },
    cwd: 'repo',
  },
  {
    name: 'approval/untrusted-fatal',
    covers: 'load error: approval_policy = "untrusted" is no longer supported',
    git: ['repo'],
    files: { [USER]: 'approval_policy = "untrusted"\n' },
    cwd: 'repo',
  },
  {
    name: 'approval/key-under-table-is-not-top-level',
    covers: 'TOML trap: approval_policy under [sandbox_workspace_write] is an ignored unknown key',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO + '\n[sandbox_workspace_write]\napproval_policy = "never"\nask_for_approval = "never"\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- load errors
  {
    name: 'errors/bad-enum',
    covers: 'load error: bad enum with path:line:col',
    git: ['repo'],
    files: { [USER]: '# posture\n\nsandbox_mode = "bogus"\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/wrong-type',
    covers: 'load error: wrong type with path:line:col',
    git: ['repo'],
    files: { [USER]: 'model = "x"\napproval_policy = 5\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/toml-syntax',
    covers: 'load error: TOML syntax error with line/col',
    git: ['repo'],
    files: { [USER]: 'web_search = "live"\n[sandbox_workspace_write\nnetwork_access = true\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/wire-api-chat',
    covers: 'load error: wire_api = "chat"',
    git: ['repo'],
    files: { [USER]: '[model_providers.local]\nname = "local"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "chat"\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/reserved-provider-id',
    covers: 'load error: reserved provider id in model_providers',
    git: ['repo'],
    files: { [USER]: '[model_providers.openai]\nname = "mine"\nbase_url = "http://127.0.0.1:9/v1"\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/inline-mcp-bearer-token',
    covers: 'load error: inline mcp_servers.<n>.bearer_token (reported at the table header)',
    git: ['repo'],
    files: { [USER]: 'web_search = "live"\n\n[mcp_servers.docs]\nurl = "http://127.0.0.1:9/mcp"\nbearer_token = "sk-not-a-real-token"\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/stray-feature-key',
    covers: 'load error: a stray key below [features] (features are typed)',
    git: ['repo'],
    files: { [USER]: '[features]\nweb_search_request = "yes"\n' },
    cwd: 'repo',
  },
  {
    name: 'errors/bom-and-crlf-accepted',
    covers: 'parser: a BOM and CRLF line ends are accepted',
    git: ['repo'],
    files: { [USER]: enc('\ufeffsandbox_mode = "workspace-write"\r\nweb_search = "live"\r\n') },
    cwd: 'repo',
  },
  {
    name: 'errors/lone-cr-fatal',
    covers: 'parser: a lone CR fails at line 1',
    git: ['repo'],
    files: { [USER]: enc('web_search = "live"\rsandbox_mode = "read-only"\n') },
    cwd: 'repo',
  },
  {
    name: 'errors/toml-1.1-inline-table-newlines',
    covers: 'parser: TOML 1.1 (newlines and trailing commas inside inline tables) accepted',
    git: ['repo'],
    files: { [USER]: 'approval_policy = { granular = {\n  sandbox_approval = true,\n  rules = true,\n  mcp_elicitations = false,\n} }\n' },
    cwd: 'repo',
  },

  // ---------------------------------------------------------------- exec surface
  {
    name: 'exec/trusted-repo-approval-forced-never',
    covers: 'exec: approval is always never',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: 'approval_policy = "on-request"\n' + TRUSTED_REPO },
    cwd: 'repo',
  },
  {
    name: 'exec/approve-for-me-keeps-on-request',
    covers: 'exec: --approve-for-me keeps on-request + auto_review',
    surface: 'exec',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--approve-for-me'],
  },
  {
    name: 'exec/no-auto-trust',
    covers: 'exec: no auto-trust; the hostile project stays ignored',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "workspace-write"\n', [projectFile()]: HOSTILE_PROJECT },
    cwd: 'repo',
  },
  {
    name: 'exec/search-flag',
    covers: 'exec: the root option --search is accepted but ignored by exec (docs/codex-findings.md 3.1)',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: 'web_search = "disabled"\n' },
    cwd: 'repo',
    launch: ['--search'],
  },
  {
    name: 'exec/granular-becomes-never',
    covers: 'exec: even a granular policy becomes never',
    surface: 'exec',
    git: ['repo'],
    files: {
      [USER]: 'approval_policy = { granular = { sandbox_approval = true, rules = true, mcp_elicitations = true } }\n' + TRUSTED_REPO,
    },
    cwd: 'repo',
  },
  {
    name: 'exec/profile',
    covers: 'exec: --profile layer',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO, [profileFile('ci')]: 'sandbox_mode = "danger-full-access"\nweb_search = "disabled"\n' },
    cwd: 'repo',
    launch: ['--profile', 'ci'],
  },
  {
    name: 'exec/ask-for-approval-flag-ignored',
    covers: 'exec: -a (root option) does not lift the forced never',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: TRUSTED_REPO },
    cwd: 'repo',
    launch: ['-a', 'on-request'],
  },
  {
    name: 'exec/yolo',
    covers: 'exec: --yolo',
    surface: 'exec',
    git: ['repo'],
    cwd: 'repo',
    launch: ['--yolo'],
  },
  {
    name: 'exec/explicitly-untrusted',
    covers: 'exec: explicitly untrusted project (untrusted default approval replaced by never)',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: trust('repo', 'untrusted') },
    cwd: 'repo',
  },
  {
    name: 'exec/load-error',
    covers: 'exec: a bad config stops exec too',
    surface: 'exec',
    git: ['repo'],
    files: { [USER]: 'sandbox_mode = "sandboxed"\n' },
    cwd: 'repo',
  },
  {
    name: 'exec/non-git-folder',
    covers: 'exec: non-git folder (run with --skip-git-repo-check)',
    surface: 'exec',
    dirs: ['plain'],
    cwd: 'plain',
  },
  // ---------------------------------------------------------------- the loader reads what lint reads
  {
    name: 'load/whole-number-float-for-integer-fatal',
    covers: 'load error: `model_context_window = 1e5` is a float where Codex wants an integer',
    git: ['repo'],
    files: { [USER]: 'model = "x"\nmodel_context_window = 1e5\n' },
    cwd: 'repo',
  },
  {
    name: 'load/whole-number-float-replaced-by-override-loads',
    covers: 'a whole-number float that `-c` replaces is never read',
    git: ['repo'],
    files: { [USER]: 'model = "x"\nmodel_context_window = 1e5\n' },
    cwd: 'repo',
    launch: ['-c', 'model_context_window=1000'],
  },
  {
    name: 'load/otel-stray-named-when-failing',
    covers: 'an unknown otel exporter field is named (at its table) once the file fails for another reason',
    git: ['repo'],
    files: { [USER]: '[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\nendpont = "y"\n\n[tui]\nanimations = 1\n' },
    cwd: 'repo',
  },
  {
    name: 'load/otel-stray-alone-loads',
    covers: 'an unknown otel exporter field alone is ignored',
    git: ['repo'],
    files: { [USER]: '[otel.metrics_exporter.otlp-grpc]\nendpoint = "x"\nendpont = "y"\n' },
    cwd: 'repo',
  },
  // Corner cases and combinations hunting for engine/codex disagreements.
  ...ADVERSARIAL_SCENARIOS,
];
