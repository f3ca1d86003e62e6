import { hasInvalidText, type RouteName, type Routes, routes } from '@natter/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext, Auth } from '../context';
import { guardRequest } from '../security/csrf';
import { authenticateRequest } from './auth';
import { AppError } from './errors';

type Parsed<N extends RouteName, K extends string> = Routes[N] extends Record<K, infer T extends z.ZodType> ? z.output<T> : undefined;
type Answer<N extends RouteName> = Routes[N] extends Record<'response', infer T extends z.ZodType> ? z.output<T> : void;

export interface RouteInput<N extends RouteName> {
  params: Parsed<N, 'params'>;
  query: Parsed<N, 'query'>;
  body: Parsed<N, 'body'>;
  auth: Routes[N]['auth'] extends true ? Auth : null;
  req: FastifyRequest;
  reply: FastifyReply;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  // No body at all is an empty object; an explicit JSON null is a wrong type like any other.
  const result = schema.safeParse(value === undefined ? {} : value);
  if (result.success) return result.data;
  // A control character answers the same code whatever else is wrong with the input (ADR 0010).
  const code = hasInvalidText(result.error.issues) ? 'invalid_text' : 'validation_failed';
  throw new AppError(code, `invalid ${where}`, {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.') || where, message: i.message })),
  });
}

/**
 * Registers one route of the protocol table: the table's schemas validate the input (and, outside
 * production, the answer), so the documented API and the served one cannot drift apart.
 */
export function mountRoute<N extends RouteName>(
  app: FastifyInstance,
  ctx: AppContext,
  name: N,
  handler: (input: RouteInput<N>) => Promise<Answer<N>>,
): void {
  const def = routes[name] as Routes[N] & { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; response?: z.ZodType; status?: number; auth: boolean; allowUnverified?: boolean; admin?: boolean };
  const checkAnswer = ctx.config.env !== 'production';
  app.route({
    method: def.method,
    url: def.path,
    handler: async (req, reply) => {
      const auth = def.auth ? await authenticateRequest(ctx, req, { allowUnverified: def.allowUnverified === true }) : null;
      guardRequest(ctx, req, reply, auth);
      if (def.admin && !auth?.isAdmin) throw new AppError('forbidden', 'administrators only');
      const input = {
        params: parse(def.params, req.params, 'path'),
        query: parse(def.query, req.query, 'query'),
        body: def.body ? parse(def.body, req.body, 'body') : undefined,
        auth,
        req,
        reply,
      } as RouteInput<N>;
      const result = await handler(input);
      if (def.auth) void reply.header('cache-control', 'no-store');
      reply.code(def.status ?? 200);
      if (!def.response) return reply.send();
      if (checkAnswer) def.response.parse(result);
      return result;
    },
  });
}
