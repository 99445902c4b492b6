import { getPath, isTable } from '../../config/toml';
import { replaceValue, tomlString } from '../edits';
import { defineRule } from '../rule';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** CP406: a base URL that sends credentials to another host, or over plain HTTP. */
export default defineRule('CP406', (ctx) => {
  for (const key of ['openai_base_url', 'chatgpt_base_url']) {
    const v = getPath(ctx.effective, [key]);
    const l = ctx.loc([key]);
    if (typeof v !== 'string' || !l) continue;
    const host = hostOf(v);
    const expected = key === 'openai_base_url' ? 'api.openai.com' : 'chatgpt.com';
    if (host !== expected || !v.startsWith('https://')) {
      ctx.report(
        `${key} sends your OpenAI credentials to ${host ?? v}${v.startsWith('http://') ? ' over plain HTTP' : ''}. Make sure that host is yours.`,
        ctx.valueSpan(l),
      );
    }
  }
  const providers = getPath(ctx.effective, ['model_providers']);
  if (!isTable(providers)) return;
  for (const [id, p] of Object.entries(providers)) {
    if (!isTable(p) || typeof p.base_url !== 'string') continue;
    const l = ctx.loc(['model_providers', id, 'base_url']);
    const host = hostOf(p.base_url);
    const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
    if (!l) continue;
    if (p.base_url.startsWith('http://') && !local) {
      ctx.report(`model_providers.${id}.base_url sends the provider's key over plain HTTP to ${host ?? p.base_url}.`, ctx.valueSpan(l), {
        fixes: [{ title: 'Use https://', preferred: true, edits: [replaceValue(l, tomlString(p.base_url.replace(/^http:/, 'https:')))] }],
      });
    } else if (p.requires_openai_auth === true && host && !/(^|\.)openai\.com$/.test(host)) {
      ctx.report(`model_providers.${id} has requires_openai_auth = true, so your OpenAI credentials go to ${host}.`, ctx.valueSpan(l));
    }
  }
});
