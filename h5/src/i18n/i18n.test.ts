import { describe, expect, it } from 'vitest';
import { translate } from '../composables/i18n.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

describe('i18n', () => {
  it('has every English string in Simplified Chinese, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(zhCN[key as keyof typeof en]), key).toEqual(placeholders(text));
      expect(zhCN[key as keyof typeof en], key).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'chat.typing', { name: 'Ada' })).toBe('Ada is typing');
    expect(translate('zh-CN', 'chat.typing', { name: 'Ada' })).toBe('Ada 正在输入');
  });
});
