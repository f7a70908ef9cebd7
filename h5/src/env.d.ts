/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  /** The organization (id or slug) users sign into when the link names none. */
  readonly VITE_H5_ORGANIZATION?: string;
}
