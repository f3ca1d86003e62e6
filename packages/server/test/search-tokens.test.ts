import { describe, expect, it } from 'vitest';
import { documentTokens, fold, matchRanges, textQuery } from '../src/modules/search/tokens';

const marked = (body: string, q: string) => matchRanges(body, textQuery(q))?.map(([s, e]) => body.slice(s, e)) ?? null;

describe('search tokens', () => {
  it('folds width, case and Latin diacritics but not kana voicing or Hangul', () => {
    expect(fold('Ｈｅｌｌｏ CAFÉ naïve ﬁne').text).toBe('hello cafe naive fine');
    expect(fold('が ｶﾞ 한국').text).toBe('が ガ 한국');
  });

  it('cuts CJK runs into pairs and the last character, words whole, emoji alone', () => {
    expect(documentTokens('我家在上海东边。')).toEqual(['我家', '家在', '在上', '上海', '海东', '东边', '边']);
    expect(documentTokens('iPhone手机 🚀!')).toEqual(['iphone', '手机', '机', '🚀']);
  });

  it('asks for one CJK character by prefix, pairs exactly, words by prefix from two letters', () => {
    expect(textQuery('上').terms).toEqual([{ token: '上', prefix: true }]);
    expect(textQuery('具体情况').terms.map((t) => t.token)).toEqual(['具体', '体情', '情况']);
    expect(textQuery('hell a').terms).toEqual([{ token: 'hell', prefix: true }, { token: 'a', prefix: false }]);
    expect(textQuery('NEAR("x" OR -y*)').terms.map((t) => t.token)).toEqual(['near', 'x', 'or', 'y']);
  });

  it('checks the real text and marks original offsets, across emoji and folded characters', () => {
    expect(marked('🎉🎉 我家在上海东边。', '上海')).toEqual(['上海']);
    expect(marked('Ｈｅｌｌｏ world', 'hell')).toEqual(['Ｈｅｌｌ']);
    expect(marked('Le café', 'cafe')).toEqual(['café']);
    expect(marked('e\u0301clair', 'eclair')).toEqual(['e\u0301clair']);
    expect(marked('情况具体不明', '具体情况')).toBeNull();
    expect(marked('shell', 'hell')).toBeNull();
    expect(marked('学校에 학교에 갔어요', '학교')).toEqual(['학교']);
  });
});
