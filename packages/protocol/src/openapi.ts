import { z } from 'zod';
import { ApiError } from './common';
import { type RouteDef, routes } from './rest';

type JsonSchema = Record<string, unknown>;

function schema(t: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(t, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(def: RouteDef): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const where of ['params', 'query'] as const) {
    const t = def[where];
    if (!t) continue;
    const js = schema(t, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({
        name,
        in: where === 'params' ? 'path' : 'query',
        required: where === 'params' || (js.required ?? []).includes(name),
        schema: s,
      });
    }
  }
  return out;
}

/** OpenAPI 3.1 document for every REST route, derived from the schemas that validate them. */
export function toOpenApi(basePath = ''): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, def] of Object.entries(routes) as [string, RouteDef][]) {
    const path = basePath + def.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(def.status ?? 200);
    const op: JsonSchema = {
      operationId,
      summary: def.summary,
      parameters: parameters(def),
      responses: {
        [status]: def.response
          ? { description: 'OK', content: { 'application/json': { schema: schema(def.response, 'output') } } }
          : { description: 'No content' },
        default: { description: 'Error', content: { 'application/json': { schema: schema(ApiError, 'output') } } },
      },
    };
    if (def.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: schema(def.body, 'input') } } };
    }
    if (def.auth) op.security = [{ cookie: [] }, { bearer: [] }];
    paths[path] ??= {};
    paths[path][def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Natter API', version: '1' },
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'natter_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
