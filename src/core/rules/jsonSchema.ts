// A JSON schema for Codex config files, generated from the same data as the lint rules (known keys,
// typed keys, allowed words), for Even Better TOML's completion and hover (`tomlValidation`).
// Unknown keys stay allowed: Codex ignores them, and the lint rules say so with a did-you-mean.
import {
  APPROVAL_WORDS,
  DEPRECATED_FEATURES,
  FEATURES,
  KEY_TYPES,
  KNOWN_TABLES,
  KNOWN_TOP_LEVEL,
  REVIEWER_WORDS,
  SANDBOX_MODES,
  TRUST_WORDS,
  WEB_SEARCH_MODES,
  type KeyType,
} from '../schema';

type Schema = Record<string, unknown>;

function fromType(t: KeyType): Schema {
  if (typeof t === 'object') return { type: 'string', enum: [...t.oneOf] };
  if (t === 'string[]') return { type: 'array', items: { type: 'string' } };
  if (t === 'string-map') return { type: 'object', additionalProperties: { type: 'string' } };
  if (t === 'nonempty-string') return { type: 'string', minLength: 1 };
  if (t === 'uint') return { type: 'integer', minimum: 0 };
  if (t === 'u8' || t === 'u16' || t === 'u32')
    return { type: 'integer', minimum: 0, maximum: { u8: 0xff, u16: 0xffff, u32: 0xffffffff }[t] };
  if (t === 'i32') return { type: 'integer', minimum: -0x80000000, maximum: 0x7fffffff };
  if (t === 'nonzero-uint') return { type: 'integer', minimum: 1 };
  if (t === 'table') return { type: 'object' };
  if (t === 'string-or-strings') return { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  return { type: t };
}

const DESCRIPTIONS: Record<string, string> = {
  sandbox_mode:
    'Where commands run: read-only, workspace-write (cwd, /tmp, writable_roots) or danger-full-access (no sandbox). Codex 0.171 refuses any other value.',
  approval_policy:
    'When Codex asks before acting: on-request, never, or { granular = { ... } }. "untrusted" is no longer supported; "on-failure" is read as on-request.',
  approvals_reviewer: 'Who reviews approval requests: user or auto_review.',
  web_search: 'disabled | cached (default) | indexed | live. Under danger-full-access anything but disabled becomes live.',
  default_permissions: 'Permission profile: ":read-only", ":workspace", ":danger-full-access" or the name of a [permissions.<name>] table.',
  sandbox_workspace_write: 'Options of the workspace-write sandbox; ignored under read-only and danger-full-access.',
  profile: 'No longer supported: use <name>.config.toml and --profile <name>.',
  profiles: 'Legacy [profiles.x] tables are inert in Codex 0.171: move them to x.config.toml.',
  notify: 'A program (argv list) Codex runs after every turn, outside the sandbox.',
};

export function buildJsonSchema(): Schema {
  const props: Record<string, Schema> = {};
  for (const k of KNOWN_TOP_LEVEL) props[k] = {};
  for (const { path, type } of KEY_TYPES) if (path.length === 1) props[path[0]] = fromType(type);
  props.sandbox_mode = { type: 'string', enum: [...SANDBOX_MODES] };
  props.approval_policy = {
    oneOf: [
      { type: 'string', enum: APPROVAL_WORDS.filter((w) => w !== 'on-failure') },
      {
        type: 'object',
        properties: {
          granular: {
            type: 'object',
            required: ['rules'],
            properties: Object.fromEntries(
              ['sandbox_approval', 'rules', 'mcp_elicitations', 'request_permissions', 'skill_approval'].map((k) => [
                k,
                { type: 'boolean' },
              ]),
            ),
          },
        },
        required: ['granular'],
        additionalProperties: false,
      },
    ],
  };
  props.approvals_reviewer = { type: 'string', enum: REVIEWER_WORDS.filter((w) => w !== 'guardian_subagent') };
  props.web_search = { type: 'string', enum: [...WEB_SEARCH_MODES] };
  props.default_permissions = { type: 'string', examples: [':read-only', ':workspace', ':danger-full-access'] };
  props.sandbox_workspace_write = {
    type: 'object',
    properties: {
      writable_roots: { type: 'array', items: { type: 'string' } },
      network_access: { type: 'boolean' },
      exclude_tmpdir_env_var: { type: 'boolean' },
      exclude_slash_tmp: { type: 'boolean' },
    },
  };
  props.features = {
    type: 'object',
    properties: Object.fromEntries(
      FEATURES.map((f) => [
        f,
        {
          type: 'boolean',
          ...(DEPRECATED_FEATURES.includes(f) ? { deprecated: true, description: 'Deprecated: use the top-level web_search.' } : {}),
        },
      ]),
    ),
  };
  props.projects = {
    type: 'object',
    additionalProperties: { type: 'object', properties: { trust_level: { type: 'string', enum: [...TRUST_WORDS] } } },
  };
  props.tools = {
    type: 'object',
    properties: {
      web_search: {
        description: 'A boolean here does nothing; set the top-level web_search instead. As a table it holds only parameters.',
        type: 'object',
      },
    },
  };
  props.model_providers = {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: Object.fromEntries(
        KNOWN_TABLES['model_providers.*'].map((k) => [k, k === 'wire_api' ? { type: 'string', enum: ['responses'] } : {}]),
      ),
    },
  };
  props.mcp_servers = {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: Object.fromEntries(KNOWN_TABLES['mcp_servers.*'].filter((k) => k !== 'bearer_token').map((k) => [k, {}])),
    },
  };
  props.profile = { deprecated: true };
  props.profiles = { deprecated: true, type: 'object' };
  for (const [k, d] of Object.entries(DESCRIPTIONS)) props[k] = { ...props[k], description: d };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/catlab-kit/codex-posture/schemas/codex-config.schema.json',
    title: 'Codex config.toml (Codex 0.171)',
    description: 'Generated by codex-posture from its lint rule data (src/core/rules). Do not edit by hand.',
    type: 'object',
    properties: props,
  };
}
