import STCharacters from 'opencc-js/dict/STCharacters';
import TSCharacters from 'opencc-js/dict/TSCharacters';

/** The keys of an OpenCC character dictionary whose conversion is a different character. */
function converted(dict: string): Set<string> {
  const out = new Set<string>();
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to && from !== to && [...from].length === 1) out.add(from);
  }
  return out;
}

let forms: { traditional: Set<string>; simplified: Set<string> } | undefined;

/** Characters only Traditional Chinese writes, and those only Simplified Chinese writes (OpenCC's tables). */
function chineseForms(): { traditional: Set<string>; simplified: Set<string> } {
  if (forms) return forms;
  const ts = converted(TSCharacters);
  const st = converted(STCharacters);
  forms = {
    traditional: new Set([...ts].filter((c) => !st.has(c))),
    simplified: new Set([...st].filter((c) => !ts.has(c))),
  };
  return forms;
}

/** Fewest distinctive characters before a script is named rather than left as plain `zh`. */
const MIN_DISTINCTIVE = 3;

/**
 * The language tag of a text from its script: `ja` when kana are frequent among the Han
 * characters, `ko` for Hangul, `zh-Hant` or `zh-Hans` when one Chinese script's
 * distinctive characters outnumber the other's more than twice (`zh` when undecided),
 * `en` for Latin; null when nothing tells.
 */
export function detectScriptLang(text: string): string | null {
  const sample = text.slice(0, 20_000);
  let kana = 0;
  let hangul = 0;
  let han = 0;
  let latin = 0;
  let traditional = 0;
  let simplified = 0;
  const { traditional: tOnly, simplified: sOnly } = chineseForms();
  for (const c of sample) {
    if (/[\u3040-\u30ff]/.test(c)) kana++;
    else if (/[\uac00-\ud7af]/.test(c)) hangul++;
    else if (/\p{Script=Han}/u.test(c)) {
      han++;
      if (tOnly.has(c)) traditional++;
      else if (sOnly.has(c)) simplified++;
    } else if (/\p{Script=Latin}/u.test(c)) latin++;
  }
  if (kana > 0 && kana * 10 >= han) return 'ja';
  if (hangul > han && hangul > latin) return 'ko';
  if (han > latin) {
    if (traditional >= MIN_DISTINCTIVE && traditional > simplified * 2) return 'zh-Hant';
    if (simplified >= MIN_DISTINCTIVE && simplified > traditional * 2) return 'zh-Hans';
    return 'zh';
  }
  if (latin > 0) return 'en';
  return null;
}

/** A BCP 47 language tag in canonical form, or null when `tag` is not one. */
export function canonicalLang(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}
