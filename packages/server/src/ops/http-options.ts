import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import type { OpsConfig, TrustProxy } from './config';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids from nginx ($request_id), load balancers and tracing systems fit; anything else could forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A caller's id when it is safe to log, so one request can be followed through proxy and node logs. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The Fastify constructor options that depend on how the node is deployed. */
export function deploymentOptions(ops: OpsConfig) {
  return {
    // A hop count becomes the function Fastify itself would build: trust the n nearest peers.
    trustProxy: typeof ops.trustProxy === 'number' ? hopCount(ops.trustProxy) : ops.trustProxy,
    requestIdHeader: false as const,
    genReqId: requestIdFor,
  };
}

const compiled = new WeakMap<string[], (address: string, hop: number) => boolean>();

/**
 * Whether X-Forwarded-* from this direct peer count, decided as Fastify decides it for REST, so
 * the socket handshake (which Fastify never sees) reads the same scheme and host.
 */
export function trustsPeer(trust: TrustProxy, peer: string): boolean {
  if (typeof trust === 'boolean') return trust;
  if (typeof trust === 'number') return trust > 0;
  let fn = compiled.get(trust);
  if (!fn) compiled.set(trust, (fn = proxyAddr.compile(trust)));
  return fn(peer, 0);
}

function hopCount(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Every answer, errors and 404s included, names the request id the logs use. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
}
