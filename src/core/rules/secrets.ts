// Secrets written into config files as literal values. A finding names the key and shows a redacted
// value only: no message, log line, SARIF result or fix ever carries the secret, and the fixes move
// to the variable-name forms Codex supports (env_key, bearer_token_env_var, env_http_headers,
// env_vars) without writing the value anywhere else.
import { getPath, isTable, pathKey, type KeyLocation, type Span, type TomlTable, type TomlValue } from '../config/toml';
import { removeKeyValue, tomlString, type TextEdit } from './edits';
import type { Fix } from './types';

/** `"****" (24 chars)`: enough to recognise which value is meant, nothing of the value itself. */
export function redact(v: TomlValue | undefined): string {
  if (typeof v !== 'string') return '"****"';
  return `"****" (${v.length} characters)`;
}

const SECRET_NAME = /(token|secret|passw(or)?d|api[_-]?key|apikey|auth|credential|private[_-]?key|cookie|session)/i;
const SECRET_VALUE =
  /^(sk-[A-Za-z0-9_-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,}|Bearer\s+\S{8,})$/;
/** A value that is only a variable reference is not a literal secret. */
const ENV_REF = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;

export function looksSecret(name: string, value: string): boolean {
  if (!value || ENV_REF.test(value)) return false;
  return SECRET_VALUE.test(value) || (SECRET_NAME.test(name) && value.length >= 8);
}

function envName(...parts: string[]): string {
  return parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .replace(/_+/g, '_');
}

export interface SecretHit {
  readonly message: string;
  readonly span: Span;
  readonly fixes: Fix[];
}

type Loc = (p: readonly (string | number)[]) => KeyLocation | undefined;

/** Replaces a one-entry `name = { K = "secret" }` or `[a.name] K = "secret"` with the env form. */
function renameTableFix(
  text: string,
  loc: Loc,
  tablePath: string[],
  entryKey: string,
  newTableKey: string,
  varName: string,
): TextEdit[] | undefined {
  const tl = loc(tablePath);
  const el = loc([...tablePath, entryKey]);
  if (!tl || !el?.value) return undefined;
  const last = tablePath[tablePath.length - 1];
  const keyRaw = text.slice(tl.key.start, tl.key.end);
  if (!keyRaw.endsWith(last)) return undefined;
  // Rename the table key (works for `http_headers = {...}` and for `[x.http_headers]` headers).
  return [
    { start: tl.key.end - last.length, end: tl.key.end, newText: newTableKey },
    { start: el.value.start, end: el.value.end, newText: tomlString(varName) },
  ];
}

export function secretFindings(table: TomlTable, loc: Loc, text: string): SecretHit[] {
  const out: SecretHit[] = [];
  const providers = getPath(table, ['model_providers']);
  if (isTable(providers)) {
    for (const [id, p] of Object.entries(providers)) {
      if (!isTable(p)) continue;
      const tokLoc = loc(['model_providers', id, 'experimental_bearer_token']);
      if (typeof p.experimental_bearer_token === 'string' && tokLoc?.value) {
        const v = envName(id, 'API_KEY');
        const fixes: Fix[] = [];
        if (p.env_key === undefined) {
          fixes.push({
            title: `Replace the literal token by env_key = "${v}"`,
            preferred: true,
            edits: [{ start: tokLoc.key.start, end: tokLoc.value.end, newText: `env_key = ${tomlString(v)}` }],
            note: `Set the environment variable ${v} to the key before starting Codex.`,
          });
        } else {
          fixes.push({ title: 'Remove the literal token (env_key is set)', preferred: true, edits: [removeKeyValue(text, tokLoc)] });
        }
        out.push({
          message: `model_providers.${id}.experimental_bearer_token holds a literal secret (${redact(p.experimental_bearer_token)}). Keep it in an environment variable named by env_key.`,
          span: tokLoc.value,
          fixes,
        });
      }
      headerSecrets(out, ['model_providers', id], p, loc, text);
    }
  }
  const mcp = getPath(table, ['mcp_servers']);
  if (isTable(mcp)) {
    for (const [name, s] of Object.entries(mcp)) {
      if (!isTable(s)) continue;
      headerSecrets(out, ['mcp_servers', name], s, loc, text);
      const env = s.env;
      if (isTable(env)) {
        const secretKeys = Object.entries(env).filter(([k, v]) => typeof v === 'string' && looksSecret(k, v));
        for (const [k, v] of secretKeys) {
          const l = loc(['mcp_servers', name, 'env', k]);
          if (!l?.value) continue;
          const fixes: Fix[] = [];
          const envLoc = loc(['mcp_servers', name, 'env']);
          const entries = Object.keys(env);
          if (envLoc && !envLoc.isHeader && entries.length === 1 && s.env_vars === undefined && envLoc.value) {
            fixes.push({
              title: `Pass ${k} through from the environment: env_vars = ["${k}"]`,
              preferred: true,
              edits: [{ start: envLoc.key.start, end: envLoc.value.end, newText: `env_vars = [${tomlString(k)}]` }],
              note: `Set ${k} in the environment Codex starts from; the server inherits it.`,
            });
          } else if (envLoc && !envLoc.isHeader && s.env_vars === undefined && envLoc.value) {
            const nl = text.includes('\r\n') ? '\r\n' : '\n';
            const lineEnd = text.indexOf('\n', envLoc.value.end);
            const at = lineEnd === -1 ? text.length : lineEnd + 1;
            fixes.push({
              title: `Pass ${k} through from the environment: env_vars = ["${k}"]`,
              preferred: true,
              edits: [
                removeKeyValue(text, l),
                { start: at, end: at, newText: `${lineEnd === -1 ? nl : ''}env_vars = [${tomlString(k)}]${nl}` },
              ],
            });
          }
          out.push({
            message: `mcp_servers.${name}.env.${k} holds a literal secret (${redact(v)}). List the variable name in env_vars so the server inherits it from your environment.`,
            span: l.value,
            fixes,
          });
        }
      }
      if (Array.isArray(s.args)) {
        s.args.forEach((a, i) => {
          if (typeof a !== 'string') return;
          const prev = i > 0 && typeof s.args !== 'undefined' ? (s.args as TomlValue[])[i - 1] : undefined;
          const flagged =
            SECRET_VALUE.test(a) ||
            /^--?[A-Za-z0-9-]*(token|key|secret|password)[A-Za-z0-9-]*=.{8,}/i.test(a) ||
            (typeof prev === 'string' &&
              /^--?[A-Za-z0-9-]*(token|key|secret|password)[A-Za-z0-9-]*$/i.test(prev) &&
              a.length >= 8 &&
              !ENV_REF.test(a));
          // Looked up only for a hit: one index lookup per argument was a tenth of linting a large file.
          const l = flagged ? loc(['mcp_servers', name, 'args', i]) : undefined;
          if (l)
            out.push({
              message: `mcp_servers.${name}.args[${i}] looks like a literal token (${redact(a)}). Pass it through env_vars and let the server read it from the environment.`,
              span: l.key,
              fixes: [],
            });
        });
      }
    }
  }
  const otel = getPath(table, ['otel']);
  if (isTable(otel)) {
    for (const exp of ['exporter', 'trace_exporter', 'metrics_exporter']) {
      const e = otel[exp];
      if (!isTable(e)) continue;
      for (const [kind, cfg] of Object.entries(e)) {
        const headers = isTable(cfg) ? cfg.headers : undefined;
        if (!isTable(headers)) continue;
        for (const [h, v] of Object.entries(headers)) {
          const l = loc(['otel', exp, kind, 'headers', h]);
          if (typeof v === 'string' && looksSecret(h, v) && l?.value)
            out.push({ message: `otel.${exp}.${kind}.headers.${h} holds a literal secret (${redact(v)}).`, span: l.value, fixes: [] });
        }
      }
    }
  }
  // A password inside any URL (`https://user:pass@host`): base_url, MCP url, proxies, ... Every such
  // URL needs an '@' in the text, so most files skip the walk.
  if (text.includes('@')) urlPasswords(table, [], loc, out);
  void pathKey;
  return out;
}

/** scheme, userinfo, host: `https://user:pass@host/...`. */
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^\s@/]+)@([^\s/?#]*)/i;

function urlPasswords(v: TomlValue, at: (string | number)[], loc: Loc, out: SecretHit[]): void {
  if (typeof v === 'string') {
    const m = URL_USERINFO.exec(v);
    // A password (user:pass), or a user part that is itself a token (https://ghp_...@github.com).
    const secret = m && (m[2].includes(':') || SECRET_VALUE.test(m[2]));
    const l = secret ? loc(at) : undefined;
    const span = l?.value ?? l?.key;
    if (m && span && !out.some((o) => o.span.start === span.start)) {
      const name = at
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('')
        .slice(1);
      out.push({
        message: `${name} has a credential inside the URL (${m[1]}****@${m[3]}). Anyone who can read this file can use it; keep it in an environment variable.`,
        span,
        fixes: [],
      });
    }
  } else if (Array.isArray(v)) v.forEach((x, i) => urlPasswords(x, [...at, i], loc, out));
  else if (isTable(v)) for (const [k, x] of Object.entries(v)) urlPasswords(x, [...at, k], loc, out);
}

function headerSecrets(out: SecretHit[], base: string[], t: TomlTable, loc: Loc, text: string): void {
  const headers = t.http_headers;
  if (!isTable(headers)) return;
  for (const [h, v] of Object.entries(headers)) {
    if (typeof v !== 'string' || !looksSecret(h, v)) continue;
    const l = loc([...base, 'http_headers', h]);
    if (!l?.value) continue;
    const varName = envName(base[1], h);
    const fixes: Fix[] = [];
    if (Object.keys(headers).length === 1 && t.env_http_headers === undefined) {
      const edits = renameTableFix(text, loc, [...base, 'http_headers'], h, 'env_http_headers', varName);
      if (edits) {
        fixes.push({
          title: `Read the ${h} header from $${varName}: env_http_headers`,
          preferred: true,
          edits,
          note: `Set the environment variable ${varName} to the header value before starting Codex.`,
        });
      }
    }
    out.push({
      message: `${base.join('.')}.http_headers.${h} holds a literal secret (${redact(v)}). Use env_http_headers to read it from an environment variable.`,
      span: l.value,
      fixes,
    });
  }
}

/** SECRET_VALUE's token formats, found anywhere in a text (not anchored; `Bearer` handled apart). */
const SECRET_TOKEN_IN_TEXT =
  /\b(sk-[A-Za-z0-9_-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,})/g;
const QUOTED_OR_WORD = String.raw`("[^"]*"|'[^']*'|[^\s"']+)`;

/**
 * Secrets in free text that we record (a test command typed in a terminal, a program's output):
 * `NAME=value` with a secret-looking name, `--token value`, `Bearer value`, header lines such as
 * `Authorization: value`, tokens in a known format and the password of a URL become `****`.
 * Over-redaction is fine here: the text is a summary for people, never input to a program.
 */
export function redactSecretsInText(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]+@/gi, '$1:****@')
    .replace(/\b(authorization|proxy-authorization|cookie|x-api-key|api-key)(\s*:\s*)[^"'\r\n]+/gi, '$1$2****')
    .replace(/\bBearer\s+[^\s"']+/g, 'Bearer ****')
    .replace(
      new RegExp(
        String.raw`(?<=^|\s)(--?[A-Za-z0-9-]*(?:token|key|secret|passw(?:or)?d|auth)[A-Za-z0-9-]*)\s+(?!-)${QUOTED_OR_WORD}`,
        'gi',
      ),
      '$1 ****',
    )
    .replace(new RegExp(String.raw`([A-Za-z_][A-Za-z0-9_.-]*)=${QUOTED_OR_WORD}`, 'g'), (m, name: string) =>
      SECRET_NAME.test(name) ? `${name}=****` : m,
    )
    .replace(SECRET_TOKEN_IN_TEXT, '****');
}
