import { defineConfig } from 'vite';

/** Builds the page (web/) into web/dist, which the fastify app serves at /. */
export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
});
