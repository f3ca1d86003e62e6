import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Names the chat chunk, its imports and its styles in a <meta> of index.html, so that theme-init.js
 * (external: the CSP forbids inline scripts) can preload them from <head> when the CSRF cookie says
 * the browser is signed in. Without it they start only once the main chunk has been fetched and run.
 */
function chatPreloadHint(): Plugin {
  return {
    name: 'natter-chat-preload-hint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const chat = chunks.find((c) => c.moduleIds.some((id) => id.endsWith('/components/ChatLayout.tsx')));
        if (!chat) throw new Error('chat chunk not found');
        const entry = chunks.find((c) => c.isEntry);
        const files = new Set<string>();
        const visit = (file: string) => {
          const chunk = chunks.find((c) => c.fileName === file);
          if (!chunk || chunk === entry || files.has(file)) return;
          files.add(file);
          for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
          chunk.imports.forEach(visit);
        };
        visit(chat.fileName);
        const content = [...files].map((f) => `./${f}`).join(' ');
        // Every other chunk and style, for the service worker to keep at install: opening a dialog
        // offline must not need the network.
        const rest = Object.values(ctx.bundle ?? {})
          .map((f) => f.fileName)
          .filter((f) => /\.(js|css)$/.test(f) && !files.has(f) && f !== entry?.fileName && !entry?.viteMetadata?.importedCss.has(f))
          .map((f) => `./${f}`)
          .join(' ');
        return [
          { tag: 'meta', attrs: { name: 'natter-chat-preload', content }, injectTo: 'head-prepend' },
          { tag: 'meta', attrs: { name: 'natter-offline-assets', content: rest }, injectTo: 'head-prepend' },
        ];
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs let the same build run under any BASE_PATH.
  base: './',
  plugins: [react(), chatPreloadHint()],
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; they are harmless and drown real warnings.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      // Host is passed through unchanged: the server accepts unsafe requests only when Origin matches it.
      '/api': { target: 'http://127.0.0.1:3000', ws: true, changeOrigin: false },
    },
  },
});
