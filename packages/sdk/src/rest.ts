import { type RouteBody, type RouteDef, type RouteName, type RouteParams, type RouteQuery, type RouteResponse, routes } from '@natter/protocol';
import type { z } from 'zod';
import { csrfHeaders } from './csrf';
import { NatterError, errorFromResponse, issuesFromZod, toNatterError } from './errors';

export interface RequestInput<N extends RouteName> {
  params?: RouteParams<N>;
  query?: RouteQuery<N>;
  body?: RouteBody<N>;
}

export interface RestContext {
  baseUrl: string;
  fetch: typeof fetch;
  token: string | null;
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const issues = issuesFromZod(r.error.issues, where);
    throw new NatterError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  return r.data;
}

export function buildPath(def: RouteDef, params: unknown): string {
  const p = (params ?? {}) as Record<string, unknown>;
  return def.path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(String(p[k])));
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) if (v !== undefined && v !== null) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One typed call of a route from the protocol table: input validated before sending, output validated on return. */
export async function callRoute<N extends RouteName>(ctx: RestContext, name: N, input: RequestInput<N> = {}): Promise<RouteResponse<N>> {
  const def = routes[name] as RouteDef;
  if (!def) throw new NatterError('bad_request', `unknown route ${String(name)}`);
  const params = validate(def.params, input.params, 'params');
  const query = validate(def.query, input.query, 'query');
  const body = validate(def.body, input.body, 'body');
  const url = ctx.baseUrl + buildPath(def, params) + queryString(query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  else if (def.method !== 'GET') Object.assign(headers, csrfHeaders());
  let res: Response;
  try {
    res = await ctx.fetch(url, {
      method: def.method,
      headers,
      credentials: 'include',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw toNatterError(e);
  }
  const json = await readJson(res).catch(() => undefined);
  if (!res.ok) throw errorFromResponse(res.status, json);
  if (!def.response || res.status === 204) return undefined as RouteResponse<N>;
  const parsed = def.response.safeParse(json);
  if (!parsed.success) {
    throw new NatterError('internal', `unexpected response from ${def.method} ${def.path}`, {
      status: res.status,
      issues: issuesFromZod(parsed.error.issues, 'response'),
    });
  }
  return parsed.data as RouteResponse<N>;
}
