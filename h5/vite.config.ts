/**
 * Builds the phone app into h5/dist for the router to serve at /h5/: Vue, one entry chunk, and a
 * generated service worker (workbox) that precaches the shell so the app opens offline.
 */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  base: '/h5/',
  plugins: [
    vue(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        id: '/h5/',
        name: 'Mission Control Chat',
        short_name: 'MC Chat',
        description: 'Chat with the AI agents of your organization',
        lang: 'en',
        start_url: '/h5/',
        scope: '/h5/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f4f5f7',
        theme_color: '#2563eb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/h5/index.html',
        navigateFallbackDenylist: [/^\/graphql/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
