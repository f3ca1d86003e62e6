// Compiles the server into dist/ so production starts one plain JavaScript file per entry point
// (ADR 0005): no TypeScript transform at start, and the code on the start path (our modules, the
// workspace packages, fastify, kysely, zod, ws, pino) read from one file instead of hundreds.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Loaded from node_modules as usual: native add-ons, packages that read their own files at run
 * time, optional peers, and the heavy packages only some deployments load, on first use
 * (PostgreSQL, Redis, SMTP, metrics).
 */
const external = [
  'better-sqlite3', '@node-rs/argon2', 'sharp',
  'wildleek',
  'pg', 'pg-native', 'ioredis', 'nodemailer', 'prom-client',
  'bufferutil', 'utf-8-validate', 'pino-pretty',
];

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', 'db-copy': 'src/cli/db-copy.ts', 'db-backup': 'src/cli/db-backup.ts' },
  outdir: 'dist',
  bundle: true,
  // Code behind a dynamic import (the Redis cluster) becomes a chunk of its own, so what it imports
  // is loaded only when it is. Chunks sit directly in dist/, as deep as src/: paths the sources take
  // from import.meta (the web UI's default folder) keep their meaning.
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: [...external, ...external.map((name) => `${name}/*`)],
  // CommonJS packages inside an ES module bundle still call require() and may read __dirname.
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
      'const require = __bundleRequire(import.meta.url);',
      'const __filename = __bundleFileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
});
