import { describe, expect, it } from 'vitest';
import { parseMentions } from './comment-text.ts';

describe('parseMentions', () => {
  it('finds @lead, first names and quoted full names, in order, once each', () => {
    expect(parseMentions('@lead please ask @Ada and @"Grace  Hopper"; cc @ada, @lead.')).toEqual([
      'lead',
      'Ada',
      'Grace Hopper',
    ]);
  });

  it('ignores e-mail addresses, a lone @ and unterminated quotes', () => {
    expect(parseMentions('mail ops@example.com or @ "x" or @"unterminated')).toEqual([]);
  });

  it('accepts non-Latin names and stops at punctuation', () => {
    expect(parseMentions('(@李雷) and @Zoë: done')).toEqual(['李雷', 'Zoë']);
  });
});
