import type { ActorGroupConfig, BriefLanguage } from './snapshot.ts';
import { fold, oneLine, trimWhere } from './text.ts';

/** Trailing punctuation typed after an actor ("the Council."). */
const endPunctuation = (c: string) => '.,;:!'.includes(c);

/**
 * "Who should act" is typed freely: "Security Council", "the Security Council", "UN Security
 * Council", "security council." all address the same actor. Recommendations are grouped by a
 * folded key; the heading uses the spelling typed most often (first seen on a tie).
 */
export function actorKey(actor: string): string {
  const key = fold(oneLine(actor))
    .replace(/^(the|un|united nations)\s+/g, '')
    .replace(/^the\s+/, '');
  return trimWhere(key, endPunctuation, 'end')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface ActorGroup<T> {
  key: string;
  /** The most common spelling, without a leading "the", first letter capitalised. */
  label: string;
  items: T[];
}

/** Groups items by actor, keeping the items' order inside each group and groups by first item. */
export function groupByActor<T>(
  items: readonly T[],
  actorOf: (item: T) => string,
): ActorGroup<T>[] {
  const groups = new Map<string, { items: T[]; spellings: Map<string, number> }>();
  for (const item of items) {
    const raw = trimWhere(oneLine(actorOf(item)).replace(/^the\s+/i, ''), endPunctuation, 'end');
    const key = actorKey(raw) || raw.toLowerCase();
    const g = groups.get(key) ?? { items: [] as T[], spellings: new Map<string, number>() };
    g.items.push(item);
    g.spellings.set(raw, (g.spellings.get(raw) ?? 0) + 1);
    groups.set(key, g);
  }
  return [...groups.entries()].map(([key, g]) => {
    let best = '';
    let count = 0;
    const capitals = (s: string) => s.replace(/[^\p{Lu}]/gu, '').length;
    for (const [s, n] of g.spellings) {
      // On a tie, "Member States" reads better than "member states".
      if (n > count || (n === count && capitals(s) > capitals(best))) {
        best = s;
        count = n;
      }
    }
    return { key, label: best.charAt(0).toUpperCase() + best.slice(1), items: g.items };
  });
}

// ---- Actor groups (issue 14) ------------------------------------------------------------

/**
 * The default groups for recommendations by actor, for a peace-and-security series: at most
 * five, each with the words that place an actor (or an idea nobody addressed) in it. A series
 * can bring its own list (`BriefWorkshop.actorGroups`). Matching is on folded text, whole words.
 */
const DEFAULT_GROUPS: { labels: Record<BriefLanguage, string>; match: string[] }[] = [
  {
    labels: {
      en: 'the Security Council',
      fr: 'le Conseil de sécurité',
      es: 'el Consejo de Seguridad',
    },
    match: [
      'security council',
      'council',
      'penholder',
      'penholders',
      'unsc',
      'conseil de securite',
      'consejo de seguridad',
      'council members',
      'arria',
    ],
  },
  {
    labels: {
      en: 'the Peacebuilding Commission and Fund',
      fr: 'la Commission et le Fonds pour la consolidation de la paix',
      es: 'la Comisión y el Fondo para la Consolidación de la Paz',
    },
    match: [
      'peacebuilding commission',
      'peacebuilding fund',
      'pbc',
      'pbf',
      'pbso',
      'peacebuilding support office',
      'configuration',
      'configurations',
      'commission de consolidation',
      'fonds pour la consolidation',
      'comision de consolidacion',
      'fondo para la consolidacion',
    ],
  },
  {
    labels: {
      en: 'the UN Secretariat and agencies',
      fr: 'le Secrétariat et les entités des Nations unies',
      es: 'la Secretaría y los organismos de las Naciones Unidas',
    },
    match: [
      'secretariat',
      'secretary general',
      'secretary-general',
      'dpko',
      'dpa',
      'dppa',
      'dpo',
      'undp',
      'ohchr',
      'unicef',
      'un women',
      'resident coordinator',
      'resident coordinators',
      'country team',
      'country teams',
      'srsg',
      'un police',
      'missions',
      'mission',
      'agencies',
      'un system',
      'undg',
      'secretariat',
      'secretaire general',
      'secretario general',
      'equipe de pays',
      'equipo de pais',
    ],
  },
  {
    labels: {
      en: 'Member States and donors',
      fr: 'les États membres et les bailleurs',
      es: 'los Estados miembros y los donantes',
    },
    match: [
      'member states',
      'member state',
      'donors',
      'donor',
      'fifth committee',
      'general assembly',
      'oecd',
      'dac',
      'world bank',
      'ifis',
      'international financial institutions',
      'regional organisations',
      'regional organizations',
      'african union',
      'european union',
      'etats membres',
      'bailleurs',
      'estados miembros',
      'donantes',
      'quinta comision',
      'cinquieme commission',
    ],
  },
  {
    labels: {
      en: 'national actors and civil society',
      fr: 'les acteurs nationaux et la société civile',
      es: 'los actores nacionales y la sociedad civil',
    },
    match: [
      'host government',
      'host governments',
      'government',
      'governments',
      'national',
      'civil society',
      'local authorities',
      'communities',
      'women s groups',
      'ngos',
      'csos',
      'parliament',
      'gouvernement',
      'gobierno',
      'societe civile',
      'sociedad civil',
      'autorites locales',
    ],
  },
];

/** The default groups, labelled in a language. */
export function defaultActorGroups(lang: BriefLanguage): ActorGroupConfig[] {
  return DEFAULT_GROUPS.map((g) => ({ label: g.labels[lang], match: g.match }));
}

/** At most five groups are used; a longer configured list is cut (the genre's limit). */
export const MAX_ACTOR_GROUPS = 5;

const phraseFold = (s: string) =>
  ` ${fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/**
 * The group an actor (or, when nobody typed one, an idea's text) belongs to: the group whose
 * longest matching phrase is longest, earlier groups winning ties; -1 when none matches.
 */
export function actorGroupIndex(text: string, groups: readonly ActorGroupConfig[]): number {
  const hay = phraseFold(text);
  let best = -1;
  let bestLen = 0;
  groups.slice(0, MAX_ACTOR_GROUPS).forEach((g, i) => {
    for (const m of g.match) {
      const needle = phraseFold(m);
      if (needle.trim() && hay.includes(needle) && needle.length > bestLen) {
        best = i;
        bestLen = needle.length;
      }
    }
  });
  return best;
}
