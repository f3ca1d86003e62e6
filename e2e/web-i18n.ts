import { en } from '../packages/web/src/i18n/en';
import { everydayEn } from '../packages/web/src/i18n/everyday.en';
import { everydayZhCN } from '../packages/web/src/i18n/everyday.zh-CN';
import { talkEn } from '../packages/web/src/i18n/talk.en';
import { talkZhCN } from '../packages/web/src/i18n/talk.zh-CN';
import { zhCN } from '../packages/web/src/i18n/zh-CN';
import type { Look } from './web-helpers';

/*
 * The UI's own strings, so one spec runs in either language. Resolved as the UI resolves them
 * (nested keys, {{placeholders}}, plural suffixes chosen by Intl.PluralRules); a key missing in a
 * language fails the spec instead of quietly matching the English text.
 */

type Tree = { [key: string]: string | Tree };
const resources: Record<Look['lang'], Tree> = {
  en: { ...en, ...everydayEn, ...talkEn } as unknown as Tree,
  'zh-CN': { ...zhCN, ...everydayZhCN, ...talkZhCN } as unknown as Tree,
};

function lookup(tree: Tree, key: string): string | undefined {
  let at: string | Tree | undefined = tree;
  for (const part of key.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return typeof at === 'string' ? at : undefined;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function translator(lang: Look['lang']): Translate {
  const plural = new Intl.PluralRules(lang);
  return (key, vars = {}) => {
    const count = vars.count;
    const keys = typeof count === 'number' ? [`${key}_${plural.select(count)}`, `${key}_other`, key] : [key];
    const text = keys.map((k) => lookup(resources[lang], k)).find((s) => s !== undefined);
    if (text === undefined) throw new Error(`no ${lang} text for ${key}`);
    return text.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}

/** A pattern for text that starts with this (matched literally). */
export function startingWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}
