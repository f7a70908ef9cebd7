/**
 * The console's translations: English and Simplified Chinese, every string through `t`. The
 * chosen language is kept in web storage and set on `<html lang>`. State approach of the console:
 * small module-level reactive stores in composables (this one, session, theme), no global store library.
 */
import { en, type MessageKey } from '~/locales/en';
import { zhCN } from '~/locales/zh-CN';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const LOCALE_KEY = 'mc.console.locale';
const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'en';
  const stored = window.localStorage.getItem(LOCALE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const locale = ref<Locale>(initialLocale());

export function translate(target: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogs[target][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function useI18n() {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale.value, key, params);
  const setLocale = (next: Locale) => {
    locale.value = next;
    window.localStorage.setItem(LOCALE_KEY, next);
    document.documentElement.lang = next;
  };
  const formatDateTime = (iso: string | null | undefined) =>
    iso ? new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
  const formatNumber = (value: number) => new Intl.NumberFormat(locale.value).format(value);
  return { locale: readonly(locale), t, setLocale, formatDateTime, formatNumber };
}
