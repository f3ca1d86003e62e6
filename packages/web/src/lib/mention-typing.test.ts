import { describe, expect, it } from 'vitest';
import { mentionAt, mentionOptions, optionText } from './mention-typing';

const members = [
  { id: 'u1', username: 'maria' },
  { id: 'u2', username: 'mark' },
  { id: 'u3', username: 'li.wei' },
  { id: 'u4', username: '', deleted: true },
];

describe('mentionAt', () => {
  it('finds the @name before the caret, at the start or after a space', () => {
    expect(mentionAt('@ma', 3)).toEqual({ start: 0, query: 'ma' });
    expect(mentionAt('hi @li.w', 8)).toEqual({ start: 3, query: 'li.w' });
    expect(mentionAt('hi @', 4)).toEqual({ start: 3, query: '' });
  });

  it('ignores an @ inside a word and a name the caret has left', () => {
    expect(mentionAt('mail a@b', 8)).toBeNull();
    expect(mentionAt('@ma rest', 8)).toBeNull();
  });
});

describe('mentionOptions', () => {
  it('offers members by prefix, never me or a deleted account', () => {
    expect(mentionOptions('ma', members, 'u1', false).map(optionText)).toEqual(['mark']);
    expect(mentionOptions('', members, 'u9', false).map(optionText)).toEqual(['li.wei', 'maria', 'mark']);
  });

  it('offers @room only to those who may call everyone', () => {
    expect(mentionOptions('r', members, 'u1', true).map(optionText)).toEqual(['room']);
    expect(mentionOptions('r', members, 'u1', false)).toEqual([]);
    expect(mentionOptions('al', members, 'u1', true).map(optionText)).toEqual(['all']);
  });
});
