/**
 * The console is a static single-page app (`ssr: false`): `nuxt generate` writes it to
 * `.output/public`, which the router serves at `/` beside `/graphql` (same origin, no CORS).
 * Nothing loads from a CDN: no remote fonts, no devtools, telemetry off.
 */
export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  ssr: false,
  telemetry: false,
  devtools: { enabled: false },
  css: ['~/assets/main.css'],
  app: {
    head: {
      title: 'Mission Control',
      htmlAttrs: { lang: 'en' },
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        { name: 'color-scheme', content: 'light dark' },
      ],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  nitro: { preset: 'static', compressPublicAssets: { gzip: true, brotli: false } },
  // `nuxt dev` talks to a router on :4000 (ops/mc start) through the dev server.
  vite: { server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } } },
  typescript: { strict: true },
});
