// The slice of the Codex app-server protocol (codex-cli 0.171.0) that Codex Posture uses.
// Learned from `codex app-server generate-json-schema --experimental --out DIR` and checked
// against the live binary. Only the fields we read are typed; everything else is `unknown`.

/** `AskForApproval` as the app-server reports it. */
export type AppServerApprovalPolicy =
  | 'untrusted'
  | 'on-request'
  | 'never'
  | {
      granular: {
        sandbox_approval: boolean;
        rules: boolean;
        mcp_elicitations: boolean;
        request_permissions?: boolean;
        skill_approval?: boolean;
      };
    };

/** `ApprovalsReviewer`; `guardian_subagent` is accepted on input and reported as `auto_review`. */
export type AppServerApprovalsReviewer = 'user' | 'auto_review' | 'guardian_subagent';

export type AppServerSandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

/** `SandboxPolicy` (the legacy projection the response carries in `sandbox`). */
export type AppServerSandboxPolicy =
  | { type: 'dangerFullAccess' }
  | { type: 'readOnly'; networkAccess?: boolean }
  | { type: 'externalSandbox'; networkAccess?: 'restricted' | 'enabled' }
  | {
      type: 'workspaceWrite';
      writableRoots?: string[];
      networkAccess?: boolean;
      excludeTmpdirEnvVar?: boolean;
      excludeSlashTmp?: boolean;
    };

export interface ActivePermissionProfile {
  /** `:read-only`, `:workspace`, `:danger-full-access` or a `[permissions.<id>]` id. */
  id: string;
  extends?: string | null;
}

export interface InitializeParams {
  clientInfo: { name: string; title?: string | null; version: string };
  capabilities?: { experimentalApi?: boolean; optOutNotificationMethods?: string[] | null } | null;
}

export interface InitializeResponse {
  userAgent: string;
  codexHome: string;
  platformFamily: string;
  platformOs: string;
}

export interface ConfigReadParams {
  cwd?: string | null;
  includeLayers?: boolean;
}

/** `ConfigLayerSource` (tagged by `type`). */
export type ConfigLayerSource =
  | { type: 'system'; file: string }
  | { type: 'user'; file: string; profile?: string | null }
  | { type: 'project'; dotCodexFolder: string }
  | { type: 'sessionFlags' }
  | { type: 'packagedDefaults'; file: string }
  | { type: 'mdm'; domain: string; key: string }
  | { type: 'enterpriseManaged'; id: string; name: string }
  | { type: 'legacyManagedConfigTomlFromFile'; file: string }
  | { type: 'legacyManagedConfigTomlFromMdm' };

export interface ConfigLayer {
  name: ConfigLayerSource;
  version: string;
  /** The layer's own table, as written. */
  config: unknown;
  /** Set when Codex ignores the layer, e.g. an untrusted project. */
  disabledReason?: string | null;
}

export interface ConfigLayerMetadata {
  name: ConfigLayerSource;
  version: string;
}

export interface ConfigReadResponse {
  /** The merged config as written (not resolved: `web_search` is the configured value or null). */
  config: Record<string, unknown>;
  /** Dotted key -> the layer it came from. */
  origins: Record<string, ConfigLayerMetadata>;
  /** Highest precedence first. Only with `includeLayers: true`. */
  layers?: ConfigLayer[] | null;
}

export interface ThreadStartParams {
  cwd?: string | null;
  ephemeral?: boolean | null;
  sandbox?: AppServerSandboxMode | null;
  approvalPolicy?: AppServerApprovalPolicy | null;
  approvalsReviewer?: AppServerApprovalsReviewer | null;
  /** Named permission profile id; cannot be combined with `sandbox`. */
  permissions?: string | null;
  /** Per-thread config overrides (a nested table, like `-c` but above it). */
  config?: Record<string, unknown> | null;
  model?: string | null;
  modelProvider?: string | null;
  [key: string]: unknown;
}

export interface ThreadStartResponse {
  thread: { id: string; cwd?: string; ephemeral?: boolean; [key: string]: unknown };
  model: string;
  modelProvider: string;
  cwd: string;
  approvalPolicy: AppServerApprovalPolicy;
  approvalsReviewer: AppServerApprovalsReviewer;
  sandbox: AppServerSandboxPolicy;
  /** Experimental field (needs `capabilities.experimentalApi`); null when the legacy syntax is in effect. */
  activePermissionProfile?: ActivePermissionProfile | null;
  runtimeWorkspaceRoots?: string[];
  instructionSources?: string[];
  [key: string]: unknown;
}

export interface TurnStartParams {
  threadId: string;
  input: Array<{ type: 'text'; text: string }>;
  [key: string]: unknown;
}

export interface TurnStartResponse {
  turn: { id: string; status?: unknown; [key: string]: unknown };
}
