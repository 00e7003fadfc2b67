import { defineConfig } from 'vite';

// The bundle is committed (dist/) and embedded in mesh-portal, so the build must be reproducible:
// content-hashed names, no source maps, no inlined preload polyfill (the CSP allows no inline script).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
