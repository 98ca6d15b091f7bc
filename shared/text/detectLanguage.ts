/**
 * Frequent function words per language: a profile to tell these languages apart on a page of
 * text, not a stop list (the one stop list, for English, is stopWords.ts).
 */
const PROFILE_WORDS: Record<string, string[]> = {
  en: "the and of to is in that it for with as are this be on by which not or can".split(" "),
  de: "der die und das ist nicht ein eine zu den mit sich auf für dem des wird auch werden oder".split(
    " ",
  ),
  fr: "le la les et des est une un du que dans pour pas sur qui au avec ce sont par".split(" "),
  es: "el la los las y que de en es del por una para con no se como su al más".split(" "),
  it: "il di che la e per un una non sono del della con gli le è nel si come anche".split(" "),
  pt: "o a os as de que e do da em um uma para com não dos das por se são".split(" "),
  nl: "de het een en van is dat niet op te zijn voor met die wordt ook aan bij als er".split(" "),
};

const PROFILES = Object.entries(PROFILE_WORDS).map(([lang, words]) => ({
  lang,
  words: new Set(words),
}));
const SAMPLE_CHARS = 20_000;

/**
 * The ISO 639-1 code of the text's language (en, de, fr, es, it, pt, nl), by which language's
 * profile words occur most; "en" when the text is too short or matches none (code, tables).
 */
export function detectLanguage(text: string): string {
  const words =
    text
      .slice(0, SAMPLE_CHARS)
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  if (words.length < 5) return "en";
  let best = "en";
  let bestScore = 0;
  for (const { lang, words: profile } of PROFILES) {
    let score = 0;
    for (const w of words) if (profile.has(w)) score++;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  // A few stray hits (variable names like "y" or "e" in code) are no evidence of prose.
  return bestScore >= 3 && bestScore >= words.length * 0.05 ? best : "en";
}
