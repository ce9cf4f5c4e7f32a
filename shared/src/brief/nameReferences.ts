import { locationKey, type NameFinding, type TextLocation } from './nameCheck.ts';
import { foldName, type NameLexicon, PLAIN_LEXICON } from './nameFold.ts';

/**
 * Name-like references (issue 14): a name the check cannot know — somebody who joined without
 * one, a speaker named by another — still attributes a view when the text says whose it was.
 * These are found by their phrasing, in the languages the interface speaks:
 *
 *   English  "Building on Rukhsana's point", "as Omar said", "according to Omar"
 *   French   "comme l'a dit Amara", "comme Amara l'a dit", "selon Amara", "l'idée d'Amara"
 *   Spanish  "como dijo Amara", "según Amara", "la propuesta de Amara"
 *   any      @handles ("@amara_k")
 *
 * The name itself (one or two capitalised words) is the finding, so that replacing it keeps
 * the sentence: "Building on a participant's point". Acronyms ("as UNDP said"), function words
 * and institutions ("as the Council said", "selon la Commission") are not names. Precision is
 * otherwise left to the rapporteur, who replaces a finding or marks it "not a participant's
 * name" (a country's point is a point too).
 */

const WORD = String.raw`\p{Lu}[\p{Ll}\p{Lo}\p{M}-]*(?:['’]\p{Lu}[\p{Ll}\p{Lo}\p{M}-]*)?`;
const NAME = String.raw`(${WORD}(?:[ \u00A0]${WORD})?)`;
const APOS = `['’]`;
const EN_VERBS =
  'said|says|noted|notes|mentioned|suggested|argued|put it|pointed out|observed|stressed|proposed|emphasised|emphasized|explained|remarked|recalled|insisted';
const EN_NOUNS =
  'point|idea|suggestion|proposal|remark|comment|example|question|concern|argument|view|intervention|observation|presentation|contribution';
const FR_VERBS =
  'dit|souligné|noté|rappelé|mentionné|suggéré|proposé|expliqué|indiqué|relevé|fait remarquer|observé';
const FR_NOUNS = `l${APOS}idée|la proposition|la suggestion|le point|la remarque|l${APOS}intervention|l${APOS}exemple|la question`;
const ES_VERBS =
  'dijo|señaló|mencionó|sugirió|propuso|indicó|explicó|subrayó|destacó|comentó|observó|recordó';
const ES_NOUNS =
  'la idea|la propuesta|la sugerencia|el punto|el comentario|la intervención|el ejemplo|la pregunta';
const START = String.raw`(?<![\p{L}\p{N}])`;

/** Each pattern's group 1 is the name. */
const PATTERNS: RegExp[] = [
  new RegExp(`${START}${NAME}${APOS}s\\s+(?:${EN_NOUNS})s?(?![\\p{L}])`, 'gdu'),
  new RegExp(`${START}(?:[Aa]s|[Ll]ike)\\s+${NAME}\\s+(?:${EN_VERBS})(?![\\p{L}])`, 'gdu'),
  new RegExp(`${START}[Aa]ccording to\\s+${NAME}`, 'gdu'),
  new RegExp(`${START}[Cc]omme\\s+l${APOS}(?:a|ont)\\s+(?:${FR_VERBS})\\s+${NAME}`, 'gdu'),
  new RegExp(`${START}[Cc]omme\\s+${NAME}\\s+l${APOS}a\\s+(?:${FR_VERBS})`, 'gdu'),
  new RegExp(`${START}(?:[Ss]elon|[Dd]${APOS}après)\\s+${NAME}`, 'gdu'),
  new RegExp(`${START}(?:${FR_NOUNS})\\s+d(?:e\\s+|${APOS})${NAME}`, 'gdu'),
  new RegExp(`${START}[Cc]omo\\s+(?:${ES_VERBS})\\s+${NAME}`, 'gdu'),
  new RegExp(`${START}[Ss]egún\\s+${NAME}`, 'gdu'),
  new RegExp(`${START}(?:${ES_NOUNS})\\s+de\\s+${NAME}`, 'gdu'),
];
/**
 * An @handle: not part of an e-mail address or a longer token. In a brief or paper section
 * (Markdown) an underscore, dot or hyphen may be escaped ("@amara\_k"): the handle is found
 * whole, so that replacing it leaves no "\_k" behind.
 */
const HANDLE =
  /(?<![\p{L}\p{N}_.@/])@(?:[\p{L}\p{N}_]|\\_)(?:(?:[\p{L}\p{N}_.-]|\\[_.-]){0,38}(?:[\p{L}\p{N}_]|\\_))?/gu;

/**
 * Capitalised words that name institutions, roles or places in a room of this kind, never a
 * participant: "as the Council said" never reaches here (lower-case "the"), but "as Security
 * Council said" and "selon Commission" would.
 */
const NOT_PEOPLE = new Set(
  `council commission secretariat fund assembly government ministry bank union office committee
  board mission programme program agency state states nations report chair president
  secretary ambassador delegation panel forum conference summit group member members everyone
  someone nobody participants participant facilitator rapporteur un onu today yesterday he she
  they we it this that these those there here what who let one another conseil comité
  gouvernement ministère consejo comisión gobierno ministerio todos tous chacun`
    .split(/\s+/)
    .filter(Boolean),
);

const ACRONYM = /^[\p{Lu}\p{N}-]{2,}$/u;

function isPlausibleName(name: string, lexicon: NameLexicon): boolean {
  const words = name.split(/[ \u00A0]+/);
  for (const w of words) {
    const bare = w.replace(/['’-]/g, '');
    if (ACRONYM.test(bare)) return false;
    const folded = foldName(lexicon, w);
    if (NOT_PEOPLE.has(folded) || lexicon.stopWords.has(folded)) return false;
  }
  return true;
}

function finding(
  location: TextLocation,
  text: string,
  start: number,
  end: number,
  names: string[],
): NameFinding {
  return {
    id: `${locationKey(location)}@${start}-${end}`,
    location,
    names,
    match: text.slice(start, end),
    start,
    end,
    before: text.slice(Math.max(0, start - 48), start).replace(/\s+/g, ' '),
    after: text.slice(end, end + 48).replace(/\s+/g, ' '),
  };
}

/** Name-like references in one text, in order of position, each range once. */
export function findNameReferences(
  location: TextLocation,
  text: string,
  lexicon: NameLexicon = PLAIN_LEXICON,
): NameFinding[] {
  if (!text) return [];
  const out: NameFinding[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const range = m.indices?.[1];
      const name = m[1];
      if (!range || !name || !isPlausibleName(name, lexicon)) continue;
      out.push(finding(location, text, range[0], range[1], [name]));
    }
  }
  for (const m of text.matchAll(HANDLE)) {
    const start = m.index ?? 0;
    out.push(finding(location, text, start, start + m[0].length, [m[0]]));
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  // Two phrasings around one name ("comme l'a dit Amara" and "selon Amara") give one finding.
  const kept: NameFinding[] = [];
  for (const f of out) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push(f);
  }
  return kept;
}

/**
 * The references of a text that no finding of a participant's name covers already (a name
 * given at join is reported as such, with the participants it may be).
 */
export function uncoveredReferences(
  refs: readonly NameFinding[],
  found: readonly NameFinding[],
): NameFinding[] {
  return refs.filter((r) => !found.some((f) => f.start < r.end && r.start < f.end));
}
