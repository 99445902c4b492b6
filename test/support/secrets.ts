// Distinctive secret values planted in Codex configs, shared by the unit tests (CLI output) and
// the integration tests (the extension's log, diagnostics, tooltip and reports): any output that
// contains `PLANTED` leaked one. Every kind of secret a Codex config holds is here: a provider's
// bearer token and Authorization header, an MCP server's env, args (`--token X`, `--api-key=X`) and
// headers, OTel exporter headers, and passwords inside URLs.

/** Planted secrets: distinctive, so a leak anywhere is found by a plain search. */
export const PLANTED = {
  openaiKey: 'sk-PLANTEDopenai0123456789abcdef',
  bearer: 'PLANTEDbearer0123456789',
  header: 'PLANTEDauthheader0123456789',
  mcpEnv: 'PLANTEDmcpenv0123456789',
  mcpArg: 'PLANTEDmcparg0123456789',
  mcpArgEq: 'PLANTEDmcpargeq0123456789',
  mcpHeader: 'PLANTEDmcpheader0123456789',
  urlPassword: 'PLANTEDurlpassword99',
  otel: 'PLANTEDotel0123456789',
  projectToken: 'ghp_PLANTEDproject0123456789abcdefghij',
  projectArg: 'PLANTEDprojectarg0123456789',
} as const;

/** A user config that loads (workspace-write, the workspace trusted) and holds every kind of secret. */
export function plantedUserConfig(workspace: string): string {
  return [
    'sandbox_mode = "workspace-write"',
    'model_provider = "corp"',
    '',
    '[model_providers.corp]',
    'name = "Corp"',
    `base_url = "https://alice:${PLANTED.urlPassword}@llm.example.invalid/v1"`,
    `experimental_bearer_token = "${PLANTED.bearer}"`,
    `http_headers = { Authorization = "Bearer ${PLANTED.header}" }`,
    '',
    '[mcp_servers.docs]',
    'command = "npx"',
    `args = ["-y", "docs-mcp", "--token", "${PLANTED.mcpArg}", "--api-key=${PLANTED.mcpArgEq}"]`,
    `env = { API_KEY = "${PLANTED.mcpEnv}", OPENAI_API_KEY = "${PLANTED.openaiKey}" }`,
    '',
    '[mcp_servers.remote]',
    `url = "https://bob:${PLANTED.urlPassword}@mcp.example.invalid/sse"`,
    `http_headers = { "X-Api-Key" = "${PLANTED.mcpHeader}" }`,
    '',
    '[otel.exporter.otlp-http]',
    'endpoint = "https://otel.example.invalid"',
    // Codex 0.171 refuses an otlp-http exporter without its protocol.
    'protocol = "binary"',
    `headers = { "x-api-key" = "${PLANTED.otel}" }`,
    '',
    `[projects.${JSON.stringify(workspace)}]`,
    'trust_level = "trusted"',
    '',
  ].join('\n');
}

/** A project `.codex/config.toml` (an MCP server is allowed there) with two more secrets. */
export function plantedProjectConfig(): string {
  return [
    '[mcp_servers.proj]',
    'command = "node"',
    `args = ["server.js", "--password", "${PLANTED.projectArg}"]`,
    `env = { GITHUB_TOKEN = "${PLANTED.projectToken}" }`,
    '',
  ].join('\n');
}
