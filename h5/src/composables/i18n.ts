/** Languages: English and Simplified Chinese, chosen by the user (remembered) or the browser. */
import { computed, ref } from 'vue';
import { en, type MessageKey } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-CN.ts';

export const LOCALES = { en: 'English', 'zh-CN': '简体中文' } as const;
export type Locale = keyof typeof LOCALES;
const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const KEY = 'mc.h5.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const locale = ref<Locale>(initialLocale());
if (globalThis.document) document.documentElement.lang = locale.value;

export function translate(lang: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** An error code as a sentence (unknown codes keep the code visible). */
export function errorKey(code: string): MessageKey {
  const key = `error.${code}` as MessageKey;
  return key in en ? key : 'error.UNKNOWN';
}

export function useI18n() {
  return {
    locale: computed(() => locale.value),
    setLocale(next: Locale) {
      locale.value = next;
      globalThis.localStorage?.setItem(KEY, next);
      document.documentElement.lang = next;
    },
    t: (key: MessageKey, params?: Record<string, string | number>) => translate(locale.value, key, params),
    formatTime: (iso: string) =>
      iso ? new Date(iso).toLocaleTimeString(locale.value, { hour: '2-digit', minute: '2-digit' }) : '',
  };
}
