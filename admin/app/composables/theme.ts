/** Light or dark: the operator's choice, else the system's; applied as `data-theme` on `<html>`. */
export type Theme = 'light' | 'dark';

const THEME_KEY = 'mc.console.theme';

function initialTheme(): Theme {
  if (typeof window === 'undefined') return 'light';
  const stored = window.localStorage.getItem(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const theme = ref<Theme>(initialTheme());

export function useTheme() {
  const apply = () => document.documentElement.setAttribute('data-theme', theme.value);
  const toggle = () => {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(THEME_KEY, theme.value);
    apply();
  };
  return { theme: readonly(theme), toggle, apply };
}
