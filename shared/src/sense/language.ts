/**
 * Languages of the sense engine: stop words of English, French and Spanish, and a cheap guess
 * of an idea's language. The lists are written here rather than taken from a package because
 * this module runs in the participant's browser (shared/ imports only zod and yjs) and because
 * ideas in a policy room are proposals: besides function words, the verbs every proposal uses
 * ("should", "ensure", "devrait", "garantizar") say nothing about what it proposes, so they are
 * dropped as well. Words are listed folded (lower case, no accents), as the tokenizer compares.
 */

export type SenseLanguage = 'en' | 'fr' | 'es';

export const SENSE_LANGUAGES: readonly SenseLanguage[] = ['en', 'fr', 'es'];

/** Function words only: what a language guess may count (proposal verbs are shared too much). */
const FUNCTION_WORDS: Record<SenseLanguage, string> = {
  en: `a about above after again against all am an and any are as at be because been before being
    below between both but by could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself me
    more most my myself no nor not of off on once only or other our ours out over own same she
    should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself also within without upon across per via`,
  fr: `a au aux avec ce ces cet cette dans de des du elle elles en entre et eux il ils je la le
    les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui
    sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir
    ont sont est etait sera seront aussi afin ainsi alors apres avant car chaque comme dont donc
    lors lorsque meme moins plus puis quand sans selon sous tout tous toute toutes tres vers
    celle celles celui ceux cela ceci ici la-bas aupres aucun aucune autre autres deja encore
    entre leurs peu pendant parmi plutot si soit`,
  es: `a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde
    durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estas este esto
    estos fue fueron ha han hasta hay la las le les lo los mas me mi mis mucho muy nada ni no nos
    nosotros o os otra otras otro otros para pero poco por porque que quien quienes se sea sean
    segun ser si sin sino sobre su sus tambien tan tanto te tiene tienen todo todos tras tu tus un
    una unas uno unos y ya cada mismo misma mismos mismas dentro fuera aun asi luego ademas
    donde mediante`,
};

/**
 * Words every proposal uses whatever it proposes: modal and generic verbs, vague nouns and
 * quantifiers. Kept out of the similarity (they would make every pair of ideas alike) but not
 * out of the language guess.
 */
const PROPOSAL_WORDS: Record<SenseLanguage, string> = {
  en: `can cannot may might must shall should ought need needs needed want wants make makes made
    making get gets got give gives given take takes taken use used using ensure ensures ensuring
    allow allows help helps let lets put puts keep keeps kept go goes going become becomes rather
    just even ever every always never often already still really much many lot lots few several
    new way ways thing things kind sure instead etc eg ie one two three first second well better
    more less least best also like able via yet whether either neither actually around currently
    especially particularly simply clearly`,
  fr: `peut peuvent pourrait pourraient doit doivent devrait devraient faut falloir faire fait
    faites font rendre mettre permettre permet assurer veiller garantir besoin donner prendre
    utiliser aller devenir nouveau nouvelle nouveaux nouvelles facon maniere chose choses
    toujours jamais souvent vraiment beaucoup plusieurs bien mieux etc un deux trois premier
    premiere ainsi surtout`,
  es: `puede pueden podria podrian debe deben deberia deberian hay hacer hace hacen poner dar
    tomar usar utilizar asegurar garantizar permitir necesita necesitan necesario ir nuevo nueva
    nuevos nuevas forma manera cosa cosas siempre nunca realmente muchos muchas varios bien mejor
    etc dos tres primero primera sobre todo`,
};

function wordSet(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter(Boolean));
}

const FUNCTION_SETS: Record<SenseLanguage, Set<string>> = {
  en: wordSet(FUNCTION_WORDS.en),
  fr: wordSet(FUNCTION_WORDS.fr),
  es: wordSet(FUNCTION_WORDS.es),
};

const STOP_SETS: Record<SenseLanguage, Set<string>> = {
  en: wordSet(`${FUNCTION_WORDS.en} ${PROPOSAL_WORDS.en}`),
  fr: wordSet(`${FUNCTION_WORDS.fr} ${PROPOSAL_WORDS.fr}`),
  es: wordSet(`${FUNCTION_WORDS.es} ${PROPOSAL_WORDS.es}`),
};

/** Whether a folded word carries no content in that language. */
export function isStopWord(word: string, language: SenseLanguage): boolean {
  return STOP_SETS[language].has(word);
}

/**
 * The language of a text, by a vote of its function words; `fallback` (the workshop's language)
 * wins ties and texts too short to tell. Words that several languages share ("a", "en", "de")
 * count for each, so only the distinctive ones decide.
 */
export function guessLanguage(
  foldedWords: readonly string[],
  fallback: SenseLanguage,
): SenseLanguage {
  let best = fallback;
  let bestVotes = 0;
  const votes: Record<SenseLanguage, number> = { en: 0, fr: 0, es: 0 };
  for (const w of foldedWords) {
    for (const lang of SENSE_LANGUAGES) if (FUNCTION_SETS[lang].has(w)) votes[lang]++;
  }
  for (const lang of SENSE_LANGUAGES) {
    if (votes[lang] > bestVotes || (votes[lang] === bestVotes && lang === fallback)) {
      best = lang;
      bestVotes = votes[lang];
    }
  }
  // One distinctive word is not evidence enough against the workshop's language.
  return bestVotes - votes[fallback] >= 2 ? best : fallback;
}

/** Lower case without accents or ligatures: "Élaboration" → "elaboration", "Œuvre" → "oeuvre". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}
