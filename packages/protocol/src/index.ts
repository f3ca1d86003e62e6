// Side effect first: how zod runs in browsers under the CSP.
import './csp';

export * from './admin';
export * from './common';
export * from './email';
export * from './entities';
export * from './files';
export * from './markdown';
export * from './rest';
export * from './social';
export * from './socket';
export { toOpenApi } from './openapi';
