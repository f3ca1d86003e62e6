#!/usr/bin/env node
// Development mode: the server restarts on change (tsx watch, port 3000) and the Vite
// dev server hot-reloads the UI, proxying /api (and the socket) to the server.
// Open the URL Vite prints. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const color = process.stdout.isTTY && !process.env.NO_COLOR;

function binOf(pkg, from) {
  const req = createRequire(path.join(from, 'package.json'));
  const manifestPath = req.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const rel = typeof bin === 'string' ? bin : (bin[pkg] ?? Object.values(bin)[0]);
  return path.join(path.dirname(manifestPath), rel);
}

/** Pipes a stream line by line, each line behind a fixed prefix. */
function prefixed(stream, out, prefix) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${line}\n`);
  });
  stream.on('end', () => {
    if (rest) out.write(`${prefix} ${rest}\n`);
  });
}

const children = [];
let stopping = false;

function start(name, code, args, cwd, env) {
  const prefix = color ? `\x1b[${code}m[${name}]\x1b[0m` : `[${name}]`;
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, FORCE_COLOR: color ? '1' : '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixed(child.stdout, process.stdout, prefix);
  prefixed(child.stderr, process.stderr, prefix);
  child.on('error', (err) => console.error(`${prefix} could not start: ${err.message}`));
  child.on('exit', (exitCode, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${exitCode ?? signal}); stopping the other process`);
      stop('SIGTERM', exitCode ?? 1);
    }
  });
  children.push(child);
}

function stop(signal, exitCode) {
  stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  const left = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (left.length === 0) process.exit(exitCode);
  let pending = left.length;
  for (const c of left) c.on('exit', () => --pending === 0 && process.exit(exitCode));
  setTimeout(() => process.exit(exitCode), 5000).unref();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig, 0));

start('server', '36', [binOf('tsx', root), 'watch', 'packages/server/src/main.ts'], root, {
  NODE_ENV: 'development',
  PORT: '3000',
});
start('web', '35', [binOf('vite', path.join(root, 'packages/web'))], path.join(root, 'packages/web'), {});
