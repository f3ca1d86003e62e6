// Side effect first: how zod runs in browsers under the CSP.
import './csp';

export * from './admin';
export * from './changes';
export * from './conversation-routes';
export * from './emoji';
export * from './message-parts';
export * from './search';
export * from './send';
export * from './common';
export * from './email';
export * from './entities';
export * from './files';
export * from './markdown';
export * from './rest';
export * from './social';
export * from './socket';
export { toOpenApi } from './openapi';
