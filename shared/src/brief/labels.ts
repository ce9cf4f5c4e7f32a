import type { BriefLanguage, BriefParticipantTypes } from './snapshot.ts';
import { capitalise } from './text.ts';

/**
 * Every fixed word of the meeting brief, in English, French and Spanish (issue 14). The brief is
 * written in the workshop's language, whatever the language of the screen that asks for it, so
 * these live with the generator rather than in the client's dictionaries. Ideas are kept as
 * participants wrote them; only the frame around them is translated. Lists and dates go through
 * Intl, so "A, B and C" and "26 January 2017" follow each language's conventions.
 */

export type SupportWord = 'broad' | 'several' | 'some' | 'none' | 'notVoted';

export interface BriefLabels {
  lang: BriefLanguage;
  meetingBrief: string;
  untitledWorkshop: string;
  untitledTheme: string;
  /** "Workshop 3" as a label of the header. */
  workshopNumber: (n: number) => string;
  /** The opening sentence; `date` and `organisers` may be missing. */
  opening: (o: {
    date: string | null;
    organisers: string | null;
    organiserCount: number;
    topic: string;
    series: string | null;
    number: number | null;
    hours: number | null;
  }) => string;
  chathamHouse: string;
  broughtTogether: (who: string) => string;
  broughtTogetherCount: (n: number) => string;
  participantTypes: Record<keyof BriefParticipantTypes, string>;
  contextPrompt: string;
  disclaimer: string;
  disclaimerChatham: string;
  // Sections
  takeaways: string;
  takeawaysIntro: string;
  takeawaysPrompt: string;
  noIdeas: string;
  threadActor: (themes: string) => string;
  threadActorLead: (group: string, n: number, every: boolean) => string;
  threadCountry: (country: string, n: number) => string;
  threadCountryBody: (sections: string) => string;
  threadTerm: (term: string, n: number) => string;
  threadTermBody: (themes: string) => string;
  threadTheme: (theme: string) => string;
  threadThemeBody: (word: SupportWord) => string;
  askedQuestion: (prompt: string) => string;
  ideasPut: (prompt: string, n: number) => string;
  ideasGrouped: (prompt: string, n: number, themes: number) => string;
  orderedBySupport: string;
  noIdeasOnQuestion: string;
  /** Ideas of a voted question that drew no dot are left to the results annex. */
  unsupported: (n: number) => string;
  /** Ideas beyond the few a theme lists. */
  further: (n: number) => string;
  tierLead: (word: SupportWord, n: number) => string;
  similarOnce: string;
  similarMore: (n: number) => string;
  otherProposals: string;
  viewsDifferedTheme: string;
  viewsDifferedIdea: string;
  viewsDiffered: string;
  debatePrompt: string;
  recommendations: string;
  recommendationsIntro: string;
  /** Without a vote nothing is "best supported": the proposals with a first step are taken. */
  recommendationsIntroNoVote: string;
  noRecommendations: string;
  forGroup: (group: string) => string;
  firstStep: string;
  addFirstStep: string;
  /** A recommendation without a first step: "Take forward the proposal on X." */
  takeForward: (ref: string) => string;
  stakeholders: string;
  /** Consolidation session (issue 15): where a recommendation came from ("workshops 2 and 4"). */
  fromWorkshops: (list: string, count: number) => string;
  countries: string;
  countryLine: (n: number, where: string) => string;
  commission: string;
  commissionIntro: (n: number, sections: number) => string;
  annex: string;
  agenda: string;
  minutes: (n: number) => string;
  participation: string;
  participationCount: (n: number) => string;
  participationType: (type: string, n: number) => string;
  supportShort: Record<SupportWord, string>;
  /** Section names for the rapporteur's screen and confirmations. */
  sectionNames: {
    header: string;
    opening: string;
    takeaways: string;
    recommendations: string;
    countries: string;
    commission: string;
    annex: string;
    question: string;
  };
  /** "Others" for recommendations whose actor fits no group. */
  others: string;
  /** The Commission's names in running text (to find it in ideas nobody tagged). */
  commissionNames: string[];
  /** How a question's derived title joins two theme names. */
  and: string;
}

const ORDINAL_EN = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
const SMALL_EN = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];
const SMALL_FR = ['aucun', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'];
const SMALL_ES = [
  'ningún',
  'un',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
];
const ORDINAL_FR = [
  '',
  'premier',
  'deuxième',
  'troisième',
  'quatrième',
  'cinquième',
  'sixième',
  'septième',
  'huitième',
  'neuvième',
  'dixième',
];
const ORDINAL_ES = [
  '',
  'primer',
  'segundo',
  'tercer',
  'cuarto',
  'quinto',
  'sexto',
  'séptimo',
  'octavo',
  'noveno',
  'décimo',
];

/** "Asked *What…?* participants" needs no comma after the question mark; a statement does. */
const askedComma = (prompt: string) => (/[?!…][*_]?$/.test(prompt) ? '' : ',');
const num = (words: string[], n: number) => words[n] ?? String(n);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const EN: BriefLabels = {
  lang: 'en',
  meetingBrief: 'Meeting brief',
  untitledWorkshop: 'Workshop',
  untitledTheme: 'Untitled theme',
  workshopNumber: (n) => `Workshop ${n}`,
  opening: ({ date, organisers, organiserCount, topic, series, number, hours }) => {
    const kind = hours ? `${num(SMALL_EN, hours)}-hour workshop` : 'workshop';
    const verb = organiserCount > 1 ? 'convened' : 'convened';
    let s = organisers
      ? `${date ? `On ${date}, ` : ''}${organisers} ${verb} a ${kind} on ${topic}`
      : `${date ? `On ${date}, a` : 'A'} ${kind} was held on ${topic}`;
    if (series) {
      s += number
        ? number <= 12
          ? `, the ${ORDINAL_EN[number]} in the ${series} series`
          : `, workshop ${number} of the ${series} series`
        : `, part of the ${series} series`;
    }
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  },
  chathamHouse: 'It was held under the Chatham House Rule.',
  broughtTogether: (who) => `It brought together ${who}.`,
  broughtTogetherCount: (n) =>
    `It brought together ${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')}.`,
  participantTypes: {
    memberStates: 'diplomats of member states',
    unSystem: 'officials of the UN system',
    research: 'researchers',
    civilSociety: 'practitioners from civil society',
    other: 'other experts',
  },
  contextPrompt:
    '[Context: add a sentence or two on why this meeting mattered now — a mandate renewal, a report due, a vote.]',
  disclaimer:
    'This brief reflects the rapporteurs’ reading of the discussion and not necessarily the views of all participants.',
  disclaimerChatham:
    'Nothing here is attributed to anyone; the brief reflects the rapporteurs’ reading, not necessarily the views of all participants.',
  takeaways: 'Key takeaways',
  takeawaysIntro: 'Several threads ran through the discussion:',
  takeawaysPrompt:
    '[Rapporteur: sharpen each thread into one finding in your own words, then delete this line.]',
  noIdeas: 'No ideas were recorded at this meeting.',
  threadActor: (themes) => `The proposals concerned ${themes}.`,
  threadActorLead: (group, n, every) =>
    `${group} came up under ${every ? 'every question' : `${num(SMALL_EN, n)} questions`}.`,
  threadCountry: (country, n) =>
    `${country} was the example participants returned to most, in ${num(SMALL_EN, n)} proposals.`,
  threadCountryBody: (sections) => `It came up under ${sections}.`,
  threadTerm: (term, n) => `${term} recurred across ${num(SMALL_EN, n)} questions.`,
  threadTermBody: (themes) => `It framed ${themes}.`,
  threadTheme: (theme) => `${theme}.`,
  threadThemeBody: (word) => `${EN.supportShort[word]}.`.replace(/^./, (c) => c.toUpperCase()),
  askedQuestion: (prompt) => `Participants were asked: ${prompt}`,
  ideasPut: (prompt, n) =>
    `Asked ${prompt}${askedComma(prompt)} participants put forward ${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')}.`,
  ideasGrouped: (prompt, n, themes) =>
    `Asked ${prompt}${askedComma(prompt)} participants put forward ${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')}, grouped below into ${num(SMALL_EN, themes)} ${plural(themes, 'theme', 'themes')}`,
  orderedBySupport: ' in order of support',
  noIdeasOnQuestion: 'No proposals were recorded on this question.',
  further: (n) =>
    n === 1
      ? 'One further proposal with less support is not listed here.'
      : `${num(SMALL_EN, n).replace(/^./, (c) => c.toUpperCase())} further proposals with less support are not listed here.`,
  unsupported: (n) =>
    n === 1
      ? 'One further proposal drew no support in the vote.'
      : `${num(SMALL_EN, n).replace(/^./, (c) => c.toUpperCase())} further proposals drew no support in the vote.`,
  tierLead: (word, n) => {
    const many = n > 1;
    switch (word) {
      case 'broad':
        return many ? 'These proposals drew broad support:' : 'One proposal drew broad support:';
      case 'several':
        return many
          ? 'Several participants supported these proposals:'
          : 'Several participants supported this proposal:';
      case 'some':
        return many
          ? 'Some participants supported these proposals:'
          : 'Some participants supported this proposal:';
      case 'none':
        return many ? 'Participants also proposed:' : 'One participant also proposed:';
      default:
        return 'Participants proposed:';
    }
  },
  similarOnce: 'Another participant made a similar proposal.',
  similarMore: (n) =>
    `${num(SMALL_EN, n)} other participants made similar proposals.`.replace(/^./, (c) =>
      c.toUpperCase(),
    ),
  otherProposals: 'Other proposals',
  viewsDifferedTheme: 'Views differed on this theme.',
  viewsDifferedIdea: 'Views differed on one proposal:',
  viewsDiffered: 'Views differed.',
  debatePrompt: '[Rapporteur: say what participants disagreed on, and why.]',
  recommendations: 'Recommendations',
  recommendationsIntro:
    'These recommendations draw on the best-supported proposals, grouped by who should act.',
  recommendationsIntroNoVote:
    'No vote was held; these recommendations take up the proposals that came with a first step, grouped by who should act.',
  noRecommendations: 'No proposal drew enough support to be put forward as a recommendation.',
  forGroup: (g) => `For ${g}`,
  firstStep: 'First step:',
  addFirstStep: '[Rapporteur: add a first step.]',
  takeForward: (ref) => `Take forward the proposal on ${ref}.`,
  stakeholders: 'Stakeholder action:',
  fromWorkshops: (list, n) => `From workshop${n === 1 ? '' : 's'} ${list}.`,
  countries: 'Country examples',
  countryLine: (n, where) =>
    `${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')}, on ${where}.`,
  commission: 'The role of the Peacebuilding Commission',
  commissionIntro: (n, sections) =>
    `Participants addressed ${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')} to the Commission${sections > 1 ? `, under ${num(SMALL_EN, sections)} questions` : ''}:`,
  annex: 'Annex',
  agenda: 'Agenda',
  minutes: (n) => `${n} minutes`,
  participation: 'Participation',
  participationCount: (n) =>
    `${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')} took part.`.replace(
      /^./,
      (c) => c.toUpperCase(),
    ),
  participationType: (type, n) => `${type.charAt(0).toUpperCase()}${type.slice(1)}: ${n}`,
  supportShort: {
    broad: 'broad support',
    several: 'support from several participants',
    some: 'support from some participants',
    none: 'little support in the vote',
    notVoted: 'no vote',
  },
  sectionNames: {
    header: 'Title and conveners',
    opening: 'Opening',
    takeaways: 'Key takeaways',
    recommendations: 'Recommendations',
    countries: 'Country examples',
    commission: 'The Peacebuilding Commission',
    annex: 'Annex',
    question: 'Question',
  },
  others: 'Others',
  commissionNames: ['Peacebuilding Commission', 'PBC'],
  and: 'and',
};

const FR: BriefLabels = {
  lang: 'fr',
  meetingBrief: 'Note de réunion',
  untitledWorkshop: 'Atelier',
  untitledTheme: 'Thème sans titre',
  workshopNumber: (n) => `Atelier n° ${n}`,
  opening: ({ date, organisers, organiserCount, topic, series, number, hours }) => {
    const kind = hours
      ? `un atelier de ${num(SMALL_FR, hours)} heure${hours > 1 ? 's' : ''}`
      : 'un atelier';
    let s = organisers
      ? `${date ? `Le ${date}, ` : ''}${organisers} ${organiserCount > 1 ? 'ont' : 'a'} organisé ${kind} sur ${topic}`
      : `${date ? `Le ${date}, ` : ''}${kind} s’est tenu sur ${topic}`;
    if (series) {
      s += number
        ? number <= 10
          ? `, le ${ORDINAL_FR[number]} de la série ${series}`
          : `, l’atelier n° ${number} de la série ${series}`
        : `, dans le cadre de la série ${series}`;
    }
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  },
  chathamHouse: 'Il s’est tenu selon la règle de Chatham House.',
  broughtTogether: (who) => `Il a réuni ${who}.`,
  broughtTogetherCount: (n) => `Il a réuni ${n} participant${n > 1 ? 's' : ''}.`,
  participantTypes: {
    memberStates: 'des diplomates d’États membres',
    unSystem: 'des fonctionnaires du système des Nations unies',
    research: 'des chercheurs',
    civilSociety: 'des praticiens de la société civile',
    other: 'd’autres experts',
  },
  contextPrompt:
    '[Contexte : ajoutez une ou deux phrases sur ce qui rendait cette réunion opportune — un renouvellement de mandat, un rapport attendu, un vote.]',
  disclaimer:
    'Cette note reflète la lecture des rapporteurs et pas nécessairement l’avis de tous les participants.',
  disclaimerChatham:
    'Cette note résume la discussion sans attribution ; elle reflète la lecture des rapporteurs et pas nécessairement l’avis de tous les participants.',
  takeaways: 'Principaux enseignements',
  takeawaysIntro: 'Plusieurs fils ont traversé la discussion :',
  takeawaysPrompt:
    '[Rapporteur : resserrez chaque fil en un constat formulé avec vos mots, puis supprimez cette ligne.]',
  noIdeas: 'Aucune idée n’a été enregistrée lors de cette réunion.',
  threadActor: (themes) => `Les propositions portaient sur ${themes}.`,
  threadActorLead: (group, n, every) =>
    `${group} : un acteur présent dans ${every ? 'toutes les questions' : `${n} questions`}.`,
  threadCountry: (country, n) =>
    `${country} : l’exemple auquel les participants sont le plus souvent revenus, dans ${n} propositions.`,
  threadCountryBody: (sections) => `Il est apparu dans ${sections}.`,
  threadTerm: (term, n) => `${term} : un fil présent dans ${n} questions.`,
  threadTermBody: (themes) => `Il a structuré ${themes}.`,
  threadTheme: (theme) => `${theme}.`,
  threadThemeBody: (word) => `${FR.supportShort[word]}.`.replace(/^./, (c) => c.toUpperCase()),
  askedQuestion: (prompt) => `Question posée aux participants : ${prompt}`,
  ideasPut: (prompt, n) =>
    `À la question ${prompt}, les participants ont répondu par ${n} proposition${n > 1 ? 's' : ''}.`,
  ideasGrouped: (prompt, n, themes) =>
    `À la question ${prompt}, les participants ont répondu par ${n} proposition${n > 1 ? 's' : ''}, regroupées ci-dessous en ${themes} thème${themes > 1 ? 's' : ''}`,
  orderedBySupport: ' par ordre de soutien',
  noIdeasOnQuestion: 'Aucune proposition n’a été enregistrée sur cette question.',
  further: (n) =>
    n === 1
      ? 'Une autre proposition, moins soutenue, n’est pas reprise ici.'
      : `${n} autres propositions, moins soutenues, ne sont pas reprises ici.`,
  unsupported: (n) =>
    n === 1
      ? 'Une autre proposition n’a reçu aucun soutien lors du vote.'
      : `${n} autres propositions n’ont reçu aucun soutien lors du vote.`,
  tierLead: (word, n) => {
    const many = n > 1;
    switch (word) {
      case 'broad':
        return many
          ? 'Ces propositions ont reçu un large soutien :'
          : 'Une proposition a reçu un large soutien :';
      case 'several':
        return many
          ? 'Plusieurs participants ont soutenu ces propositions :'
          : 'Plusieurs participants ont soutenu cette proposition :';
      case 'some':
        return many
          ? 'Certains participants ont soutenu ces propositions :'
          : 'Certains participants ont soutenu cette proposition :';
      case 'none':
        return many
          ? 'Les participants ont également proposé :'
          : 'Un participant a également proposé :';
      default:
        return 'Les participants ont proposé :';
    }
  },
  similarOnce: 'Un autre participant a fait une proposition semblable.',
  similarMore: (n) => `${n} autres participants ont fait des propositions semblables.`,
  otherProposals: 'Autres propositions',
  viewsDifferedTheme: 'Les avis ont divergé sur ce thème.',
  viewsDifferedIdea: 'Les avis ont divergé sur une proposition :',
  viewsDiffered: 'Les avis ont divergé.',
  debatePrompt: '[Rapporteur : indiquez sur quoi les participants ont divergé, et pourquoi.]',
  recommendations: 'Recommandations',
  recommendationsIntro:
    'Les recommandations ci-dessous reprennent les propositions les plus soutenues, regroupées selon l’acteur concerné.',
  recommendationsIntroNoVote:
    'Aucun vote n’a eu lieu ; ces recommandations reprennent les propositions assorties d’une première étape, regroupées selon l’acteur concerné.',
  noRecommendations:
    'Aucune proposition n’a reçu assez de soutien pour devenir une recommandation.',
  forGroup: (g) => `Pour ${g}`,
  firstStep: 'Première étape :',
  addFirstStep: '[Rapporteur : ajoutez une première étape.]',
  takeForward: (ref) => `Donner suite à la proposition sur ${ref}.`,
  stakeholders: 'Acteurs concernés :',
  fromWorkshops: (list, n) =>
    n === 1 ? `Issue de l’atelier ${list}.` : `Issue des ateliers ${list}.`,
  countries: 'Exemples de pays',
  countryLine: (n, where) => `${n} proposition${n > 1 ? 's' : ''}, sur ${where}.`,
  commission: 'Le rôle de la Commission de consolidation de la paix',
  commissionIntro: (n, sections) =>
    `Les participants ont adressé ${n} proposition${n > 1 ? 's' : ''} à la Commission${sections > 1 ? `, dans ${sections} questions` : ''} :`,
  annex: 'Annexe',
  agenda: 'Ordre du jour',
  minutes: (n) => `${n} minutes`,
  participation: 'Participation',
  participationCount: (n) => `${n} participant${n > 1 ? 's ont' : ' a'} pris part à l’atelier.`,
  participationType: (type, n) =>
    `${type.replace(/^(des |d’)/, '').replace(/^./, (c) => c.toUpperCase())} : ${n}`,
  supportShort: {
    broad: 'large soutien',
    several: 'soutien de plusieurs participants',
    some: 'soutien de certains participants',
    none: 'peu de soutien lors du vote',
    notVoted: 'pas de vote',
  },
  sectionNames: {
    header: 'Titre et organisateurs',
    opening: 'Introduction',
    takeaways: 'Principaux enseignements',
    recommendations: 'Recommandations',
    countries: 'Exemples de pays',
    commission: 'La Commission de consolidation de la paix',
    annex: 'Annexe',
    question: 'Question',
  },
  others: 'Autres',
  commissionNames: [
    'Commission de consolidation de la paix',
    'Peacebuilding Commission',
    'CCP',
    'PBC',
  ],
  and: 'et',
};

const ES: BriefLabels = {
  lang: 'es',
  meetingBrief: 'Nota de reunión',
  untitledWorkshop: 'Taller',
  untitledTheme: 'Tema sin título',
  workshopNumber: (n) => `Taller n.º ${n}`,
  opening: ({ date, organisers, organiserCount, topic, series, number, hours }) => {
    const kind = hours
      ? `un taller de ${num(SMALL_ES, hours)} hora${hours > 1 ? 's' : ''}`
      : 'un taller';
    let s = organisers
      ? `${date ? `El ${date}, ` : ''}${organisers} ${organiserCount > 1 ? 'organizaron' : 'organizó'} ${kind} sobre ${topic}`
      : `${date ? `El ${date} se celebró ` : 'Se celebró '}${kind} sobre ${topic}`;
    if (series) {
      s += number
        ? number <= 10
          ? `, el ${ORDINAL_ES[number]} de la serie ${series}`
          : `, el taller n.º ${number} de la serie ${series}`
        : `, parte de la serie ${series}`;
    }
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  },
  chathamHouse: 'Se celebró bajo la regla de Chatham House.',
  broughtTogether: (who) => `Reunió a ${who}.`,
  broughtTogetherCount: (n) => `Reunió a ${n} participante${n > 1 ? 's' : ''}.`,
  participantTypes: {
    memberStates: 'diplomáticos de Estados miembros',
    unSystem: 'funcionarios del sistema de las Naciones Unidas',
    research: 'investigadores',
    civilSociety: 'profesionales de la sociedad civil',
    other: 'otros expertos',
  },
  contextPrompt:
    '[Contexto: añada una o dos frases sobre por qué esta reunión era oportuna: una renovación de mandato, un informe pendiente, una votación.]',
  disclaimer:
    'Esta nota refleja la lectura de los relatores y no necesariamente la opinión de todos los participantes.',
  disclaimerChatham:
    'Esta nota resume el debate sin atribución; refleja la lectura de los relatores y no necesariamente la opinión de todos los participantes.',
  takeaways: 'Conclusiones principales',
  takeawaysIntro: 'Varios hilos recorrieron el debate:',
  takeawaysPrompt:
    '[Relator: convierta cada hilo en una conclusión con sus propias palabras y borre esta línea.]',
  noIdeas: 'No se registraron ideas en esta reunión.',
  threadActor: (themes) => `Las propuestas trataban de ${themes}.`,
  threadActorLead: (group, n, every) =>
    `${group}: un actor presente en ${every ? 'todas las preguntas' : `${n} preguntas`}.`,
  threadCountry: (country, n) =>
    `${country}: el ejemplo al que más volvieron los participantes, en ${n} propuestas.`,
  threadCountryBody: (sections) => `Apareció en ${sections}.`,
  threadTerm: (term, n) => `${term}: un hilo presente en ${n} preguntas.`,
  threadTermBody: (themes) => `Estructuró ${themes}.`,
  threadTheme: (theme) => `${theme}.`,
  threadThemeBody: (word) => `${ES.supportShort[word]}.`.replace(/^./, (c) => c.toUpperCase()),
  askedQuestion: (prompt) => `Se preguntó a los participantes: ${prompt}`,
  ideasPut: (prompt, n) =>
    `Ante la pregunta ${prompt}, los participantes presentaron ${n} propuesta${n > 1 ? 's' : ''}.`,
  ideasGrouped: (prompt, n, themes) =>
    `Ante la pregunta ${prompt}, los participantes presentaron ${n} propuesta${n > 1 ? 's' : ''}, agrupadas a continuación en ${themes} tema${themes > 1 ? 's' : ''}`,
  orderedBySupport: ' por orden de apoyo',
  noIdeasOnQuestion: 'No se registraron propuestas sobre esta pregunta.',
  further: (n) =>
    n === 1
      ? 'Otra propuesta con menos apoyo no se recoge aquí.'
      : `Otras ${n} propuestas con menos apoyo no se recogen aquí.`,
  unsupported: (n) =>
    n === 1
      ? 'Otra propuesta no recibió apoyo en la votación.'
      : `Otras ${n} propuestas no recibieron apoyo en la votación.`,
  tierLead: (word, n) => {
    const many = n > 1;
    switch (word) {
      case 'broad':
        return many
          ? 'Estas propuestas recibieron un amplio apoyo:'
          : 'Una propuesta recibió un amplio apoyo:';
      case 'several':
        return many
          ? 'Varios participantes apoyaron estas propuestas:'
          : 'Varios participantes apoyaron esta propuesta:';
      case 'some':
        return many
          ? 'Algunos participantes apoyaron estas propuestas:'
          : 'Algunos participantes apoyaron esta propuesta:';
      case 'none':
        return many ? 'Los participantes también propusieron:' : 'Un participante también propuso:';
      default:
        return 'Los participantes propusieron:';
    }
  },
  similarOnce: 'Otro participante hizo una propuesta similar.',
  similarMore: (n) => `Otros ${n} participantes hicieron propuestas similares.`,
  otherProposals: 'Otras propuestas',
  viewsDifferedTheme: 'Las opiniones divergieron sobre este tema.',
  viewsDifferedIdea: 'Las opiniones divergieron sobre una propuesta:',
  viewsDiffered: 'Las opiniones divergieron.',
  debatePrompt: '[Relator: indique en qué discreparon los participantes y por qué.]',
  recommendations: 'Recomendaciones',
  recommendationsIntro:
    'Las recomendaciones siguientes recogen las propuestas con más apoyo, agrupadas según quién debe actuar.',
  recommendationsIntroNoVote:
    'No hubo votación; estas recomendaciones recogen las propuestas que incluían un primer paso, agrupadas según quién debe actuar.',
  noRecommendations:
    'Ninguna propuesta recibió apoyo suficiente para convertirse en recomendación.',
  forGroup: (g) => `Para ${g}`,
  firstStep: 'Primer paso:',
  addFirstStep: '[Relator: añada un primer paso.]',
  takeForward: (ref) => `Dar seguimiento a la propuesta sobre ${ref}.`,
  stakeholders: 'Actores:',
  fromWorkshops: (list, n) =>
    n === 1 ? `Procede del taller ${list}.` : `Procede de los talleres ${list}.`,
  countries: 'Ejemplos de países',
  countryLine: (n, where) => `${n} propuesta${n > 1 ? 's' : ''}, sobre ${where}.`,
  commission: 'El papel de la Comisión de Consolidación de la Paz',
  commissionIntro: (n, sections) =>
    `Los participantes dirigieron ${n} propuesta${n > 1 ? 's' : ''} a la Comisión${sections > 1 ? `, en ${sections} preguntas` : ''}:`,
  annex: 'Anexo',
  agenda: 'Programa',
  minutes: (n) => `${n} minutos`,
  participation: 'Participación',
  participationCount: (n) => `Participaron ${n} persona${n > 1 ? 's' : ''}.`,
  participationType: (type, n) => `${type.replace(/^./, (c) => c.toUpperCase())}: ${n}`,
  supportShort: {
    broad: 'amplio apoyo',
    several: 'apoyo de varios participantes',
    some: 'apoyo de algunos participantes',
    none: 'poco apoyo en la votación',
    notVoted: 'sin votación',
  },
  sectionNames: {
    header: 'Título y organizadores',
    opening: 'Introducción',
    takeaways: 'Conclusiones principales',
    recommendations: 'Recomendaciones',
    countries: 'Ejemplos de países',
    commission: 'La Comisión de Consolidación de la Paz',
    annex: 'Anexo',
    question: 'Pregunta',
  },
  others: 'Otros',
  commissionNames: [
    'Comisión de Consolidación de la Paz',
    'Peacebuilding Commission',
    'CCP',
    'PBC',
  ],
  and: 'y',
};

const LABELS: Record<BriefLanguage, BriefLabels> = { en: EN, fr: FR, es: ES };

/** The labels of a language; English for anything unknown (an old archive, a typo). */
export function briefLabels(lang: string | null | undefined): BriefLabels {
  return LABELS[(lang ?? 'en') as BriefLanguage] ?? EN;
}

/**
 * The locale Intl formats with: British English for English, the house style of the UN and of
 * the genre ("26 January 2017", no serial comma).
 */
export function intlLocale(lang: BriefLanguage): string {
  return lang === 'en' ? 'en-GB' : lang;
}

/** "A, B and C" / "A, B et C" / "A, B y C". */
export function listJoin(items: readonly string[], lang: BriefLanguage): string {
  if (items.length <= 1) return items[0] ?? '';
  return new Intl.ListFormat(intlLocale(lang), { style: 'long', type: 'conjunction' }).format(
    items,
  );
}

/** `2017-01-26` → "26 January 2017" / "26 janvier 2017" / "26 de enero de 2017". */
export function formatLongDate(
  date: string | null | undefined,
  lang: BriefLanguage,
): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(intlLocale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** `2017-01-26` → "January 2017" / "janvier 2017" / "enero de 2017". */
export function formatMonthYear(
  date: string | null | undefined,
  lang: BriefLanguage,
): string | null {
  const m = date ? /^(\d{4})-(\d{2})/.exec(date) : null;
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(intlLocale(lang), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

// ---- The series' policy paper (issue 15) ----------------------------------------------------

export interface PaperLabels {
  draft: string;
  subject: string;
  /** Section names for the co-editing screen and confirmations. */
  sectionNames: {
    header: string;
    summary: string;
    introduction: string;
    themes: string;
    countries: string;
    commission: string;
    recommendations: string;
    annex: string;
  };
  summary: string;
  summaryOpening: (o: {
    n: number;
    series: string;
    first: string | null;
    last: string | null;
    organisers: string | null;
    /** The consolidation session's date ('' when undated), or null without one. */
    consolidation: string | null;
  }) => string;
  findingsLead: string;
  /** `recs`: the recommendations that take the subject up ("6 and 11"), or '' for none. */
  findingRecurred: (k: number, total: number, list: string, recs: string, nRecs: number) => string;
  findingNamed: (list: string) => string;
  commissionFindingLead: string;
  commissionFinding: (n: number, workshops: number) => string;
  countriesFindingLead: string;
  countriesFinding: (list: string) => string;
  recsToGroup: (group: string, n: number) => string;
  summaryRecs: (n: number, list: string, consolidation: boolean) => string;
  summaryPrompt: string;
  introduction: string;
  heldBetween: (first: string, last: string, n: number, series: string) => string;
  held: (n: number, series: string) => string;
  eachSame: (n: number) => string;
  eachRange: (lo: number, hi: number) => string;
  together: (n: number) => string;
  consolidationHeld: (date: string | null, n: number) => string;
  method: string;
  chatham: string;
  heldOn: (date: string) => string;
  convenedBy: (host: string) => string;
  participants: (n: number) => string;
  chapterOpening: (number: number, questions: number, subjects: string, ideas: number) => string;
  mainFindings: string;
  noProposals: (prompt: string) => string;
  questionLead: (prompt: string, n: number, themes: string | null) => string;
  quotesLead: (n: number, voted: boolean) => string;
  takenUp: (list: string, n: number) => string;
  seeRecs: (list: string, n: number) => string;
  crossCutting: string;
  noCross: string;
  crossIntro: string;
  raisedIn: (n: number, list: string) => string;
  namedIn: (n: number, list: string) => string;
  /** `label` is already formatted (italic). */
  themeInWorkshop: (label: string, n: number) => string;
  workshopRef: (list: string, many: boolean) => string;
  countries: string;
  noCountries: string;
  countriesIntro: string;
  countryLine: (n: number, list: string, workshops: number, themes: string | null) => string;
  commission: string;
  noCommission: string;
  commissionIntro: (n: number, list: string, workshops: number) => string;
  commissionThemes: (list: string) => string;
  commissionPrompt: string;
  firstStep: string;
  recommendations: string;
  noRecs: string;
  recsIntro: string;
  recsIntroConsolidation: string;
  annex: string;
  annexPlanIntro: string;
  annexPlanHeader: string[];
  status: Record<'planned' | 'scheduled' | 'held' | 'dropped', string>;
  annexHeader: string[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const PAPER_EN: PaperLabels = {
  draft: 'Policy paper — draft',
  subject: 'Policy paper (draft)',
  sectionNames: {
    header: 'Title and conveners',
    summary: 'Executive summary',
    introduction: 'Introduction',
    themes: 'Cross-cutting themes',
    countries: 'Country examples',
    commission: 'The Peacebuilding Commission',
    recommendations: 'Recommendations',
    annex: 'Annex: the series plan',
  },
  summary: 'Executive summary',
  summaryOpening: ({ n, series, first, last, organisers, consolidation }) => {
    let s = `This paper draws together ${num(SMALL_EN, n)} ${plural(n, 'workshop', 'workshops')} of the ${series} series`;
    if (first && last && n > 1) s += `, held between ${first} and ${last}`;
    if (organisers) s += ` and convened by ${organisers}`;
    s += '.';
    if (consolidation !== null)
      s += ` A consolidation session${consolidation ? ` on ${consolidation}` : ''} then refined and ranked the strongest ideas of the series; its ranking orders the recommendations.`;
    return `${s} It sets out what the discussions suggest the UN should do differently, and who should act.`;
  },
  findingsLead: 'Several findings cut across the series:',
  findingRecurred: (k, total, list, recs, nRecs) =>
    `${k === total ? `All ${num(SMALL_EN, total)} workshops` : `${capitalise(num(SMALL_EN, k))} of the ${num(SMALL_EN, total)} workshops (${list})`} returned to it in the proposals they supported${recs ? `; ${plural(nRecs, 'recommendation', 'recommendations')} ${recs} ${plural(nRecs, 'takes', 'take')} it up` : ''}.`,
  findingNamed: (list) => `Rooms made it a theme of its own: ${list}.`,
  commissionFindingLead: 'A larger role for the Peacebuilding Commission.',
  commissionFinding: (n, w) =>
    `Participants addressed ${num(SMALL_EN, n)} supported ${plural(n, 'proposal', 'proposals')} to the Commission, in ${num(SMALL_EN, w)} ${plural(w, 'workshop', 'workshops')}.`,
  countriesFindingLead: 'Lessons from country cases.',
  countriesFinding: (list) => `Participants drew most often on the experience of ${list}.`,
  recsToGroup: (group, n) => `${num(SMALL_EN, n)} to ${group}`,
  summaryRecs: (n, list, consolidation) =>
    `The paper makes ${num(SMALL_EN, n)} ${plural(n, 'recommendation', 'recommendations')}, ${consolidation ? 'as ranked by the consolidation session' : 'drawn from the best-supported proposals of the workshops'}: ${list}.`,
  summaryPrompt:
    '[Rapporteurs: restate each finding in your own words, and name the process this paper informs.]',
  introduction: 'Introduction',
  heldBetween: (first, last, n, series) =>
    `Between ${first} and ${last}, ${num(SMALL_EN, n)} ${plural(n, 'workshop was', 'workshops were')} held in the ${series} series.`,
  held: (n, series) =>
    `${cap(num(SMALL_EN, n))} ${plural(n, 'workshop was', 'workshops were')} held in the ${series} series.`,
  eachSame: (n) =>
    ` Each brought together ${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')}.`,
  eachRange: (lo, hi) =>
    ` Each brought together between ${num(SMALL_EN, lo)} and ${num(SMALL_EN, hi)} participants from member states, the UN system, research institutes and civil society.`,
  together: (n) =>
    ` Together they put forward ${num(SMALL_EN, n)} concrete ${plural(n, 'idea', 'ideas')}, which the rooms grouped into themes and prioritised.`,
  consolidationHeld: (date, n) =>
    `${date ? `On ${date}, a` : 'A'} consolidation session took forward ${num(SMALL_EN, n)} of the ideas with the strongest support, refined them and ranked them again.`,
  method:
    'Each chapter below condenses one workshop: what it was asked, how the rapporteurs read the discussion, and the proposals with the most support. The later sections look across the series — the themes that recurred, the country examples, what the series asks of the Peacebuilding Commission — and end with recommendations grouped by who should act, each with the workshops it came from.',
  chatham:
    'The workshops were held under the Chatham House Rule. This paper reflects the rapporteurs’ reading of the discussions, attributes nothing to anyone, and does not necessarily represent the views of all participants.',
  heldOn: (date) => `held on ${date}`,
  convenedBy: (host) => `convened by ${host}`,
  participants: (n) => `${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')}`,
  chapterOpening: (number, questions, subjects, ideas) =>
    `The ${ORDINAL_EN[number] ?? `number ${number}`} workshop put ${num(SMALL_EN, questions)} ${plural(questions, 'question', 'questions')} to participants, on ${subjects}. The room put forward ${num(SMALL_EN, ideas)} ${plural(ideas, 'proposal', 'proposals')}.`,
  mainFindings: 'The rapporteurs’ main findings',
  noProposals: (prompt) => `Participants were asked ${prompt}; no proposal was recorded.`,
  questionLead: (prompt, n, themes) =>
    `Asked ${prompt}${/[?!…][*_]?$/.test(prompt) ? '' : ','} participants put forward ${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')}${themes ? `, which the room grouped under ${themes}` : ''}.`,
  quotesLead: (n, voted) =>
    voted
      ? 'Among the proposals that drew the most support:'
      : n > 1
        ? 'Among the proposals:'
        : 'One proposal:',
  takenUp: (list, n) =>
    `Proposals from this discussion are taken up in ${plural(n, 'recommendation', 'recommendations')} ${list}.`,
  seeRecs: (list, n) => `See also ${plural(n, 'recommendation', 'recommendations')} ${list}.`,
  crossCutting: 'Cross-cutting themes',
  noCross: 'No subject recurred in similar terms across the workshops of the series.',
  crossIntro:
    'Some subjects came back from one workshop to the next, in the proposals participants supported or in the names the rooms gave their themes. They are listed by how widely they recurred.',
  raisedIn: (n, list) =>
    `Raised in ${num(SMALL_EN, n)} ${plural(n, 'workshop', 'workshops')} (${list}).`,
  namedIn: (n, list) => ` Named in the ${plural(n, 'theme', 'themes')} ${list}.`,
  themeInWorkshop: (label, n) => `${label} (workshop ${n})`,
  workshopRef: (list, many) => `(Workshop${many ? 's' : ''} ${list})`,
  countries: 'Country examples',
  noCountries: 'No country example was recorded across the series.',
  countriesIntro:
    'Participants drew lessons from country cases throughout the series. The countries named most widely, with the workshops and themes where they came up:',
  countryLine: (n, list, w, themes) =>
    `${num(SMALL_EN, n)} ${plural(n, 'proposal', 'proposals')} in ${plural(w, 'workshop', 'workshops')} ${list}${themes ? `, on ${themes}` : ''}.`,
  commission: 'What the series asks of the Peacebuilding Commission',
  noCommission: 'No proposal of the series was addressed to the Peacebuilding Commission.',
  commissionIntro: (n, list, w) =>
    `Across the series, participants addressed ${num(SMALL_EN, n)} supported ${plural(n, 'proposal', 'proposals')} to the Peacebuilding Commission, in ${plural(w, 'workshop', 'workshops')} ${list}. Those with the most support:`,
  commissionThemes: (list) => `The Commission was also the subject of ${list}.`,
  commissionPrompt:
    '[Rapporteurs: say in a sentence what the series expects of the Commission in the coming year.]',
  firstStep: 'First step:',
  recommendations: 'Recommendations',
  noRecs: 'No proposal of the series drew enough support to be put forward as a recommendation.',
  recsIntro:
    'These recommendations take up the best-supported proposals of the workshops, grouped by who should act; near-identical proposals from different workshops are combined. The workshops each came from are given in brackets.',
  recsIntroConsolidation:
    'These recommendations are the proposals the consolidation session ranked highest, grouped by who should act. The workshops each came from are given in brackets.',
  annex: 'Annex: the series plan as held',
  annexPlanIntro:
    'The topics of the series as planned and adjusted while it progressed, with their dates, hosts and status.',
  annexPlanHeader: ['No.', 'Topic', 'Date', 'Host', 'Status'],
  status: { planned: 'planned', scheduled: 'scheduled', held: 'held', dropped: 'dropped' },
  annexHeader: ['No.', 'Workshop', 'Date', 'Host', 'Participants'],
};

const ateliers = (n: number) => `atelier${n > 1 ? 's' : ''}`;

const PAPER_FR: PaperLabels = {
  draft: 'Document d’orientation — projet',
  subject: 'Document d’orientation (projet)',
  sectionNames: {
    header: 'Titre et organisateurs',
    summary: 'Résumé',
    introduction: 'Introduction',
    themes: 'Thèmes transversaux',
    countries: 'Exemples de pays',
    commission: 'La Commission de consolidation de la paix',
    recommendations: 'Recommandations',
    annex: 'Annexe : le programme de la série',
  },
  summary: 'Résumé',
  summaryOpening: ({ n, series, first, last, organisers, consolidation }) => {
    let s = `Ce document rassemble ${n} ${ateliers(n)} de la série ${series}`;
    if (first && last && n > 1) s += `, tenus entre le ${first} et le ${last}`;
    if (organisers) s += ` et organisés par ${organisers}`;
    s += '.';
    if (consolidation !== null)
      s += ` Une séance de consolidation${consolidation ? ` tenue le ${consolidation}` : ''} a ensuite affiné et classé les idées les plus soutenues de la série ; son classement ordonne les recommandations.`;
    return `${s} Il expose ce que les discussions invitent l’ONU à faire autrement, et qui devrait agir.`;
  },
  findingsLead: 'Plusieurs constats traversent la série :',
  findingRecurred: (k, total, list, recs, nRecs) =>
    `${k === total ? `Les ${total} ateliers y sont revenus` : `${k} des ${total} ateliers (${list}) y sont revenus`} dans les propositions qu’ils ont soutenues${recs ? ` ; ${nRecs > 1 ? 'les recommandations' : 'la recommandation'} ${recs} ${nRecs > 1 ? 'le reprennent' : 'le reprend'}` : ''}.`,
  findingNamed: (list) => `Les salles en ont fait un thème à part entière : ${list}.`,
  commissionFindingLead: 'Un rôle accru pour la Commission de consolidation de la paix.',
  commissionFinding: (n, w) =>
    `Les participants ont adressé ${n} proposition${n > 1 ? 's soutenues' : ' soutenue'} à la Commission, dans ${w} ${ateliers(w)}.`,
  countriesFindingLead: 'Les leçons des cas nationaux.',
  countriesFinding: (list) =>
    `Les participants se sont le plus souvent appuyés sur l’expérience de ${list}.`,
  recsToGroup: (group, n) => `${n} pour ${group}`,
  summaryRecs: (n, list, consolidation) =>
    `Le document formule ${n} recommandation${n > 1 ? 's' : ''}, ${consolidation ? 'selon le classement de la séance de consolidation' : 'tirées des propositions les plus soutenues des ateliers'} : ${list}.`,
  summaryPrompt:
    '[Rapporteurs : reformulez chaque constat avec vos mots et nommez le processus que ce document doit éclairer.]',
  introduction: 'Introduction',
  heldBetween: (first, last, n, series) =>
    `Entre le ${first} et le ${last}, ${n} ${ateliers(n)} ${n > 1 ? 'se sont tenus' : 's’est tenu'} dans le cadre de la série ${series}.`,
  held: (n, series) =>
    `${n} ${ateliers(n)} ${n > 1 ? 'se sont tenus' : 's’est tenu'} dans le cadre de la série ${series}.`,
  eachSame: (n) => ` Chacun a réuni ${n} participant${n > 1 ? 's' : ''}.`,
  eachRange: (lo, hi) =>
    ` Chacun a réuni entre ${lo} et ${hi} participants issus des États membres, du système des Nations unies, d’instituts de recherche et de la société civile.`,
  together: (n) =>
    ` Ensemble, ils ont formulé ${n} idée${n > 1 ? 's' : ''} concrète${n > 1 ? 's' : ''}, que les salles ont regroupées en thèmes et hiérarchisées.`,
  consolidationHeld: (date, n) =>
    `${date ? `Le ${date}, une` : 'Une'} séance de consolidation a repris ${n} des idées les plus soutenues, les a affinées et classées à nouveau.`,
  method:
    'Chaque chapitre ci-dessous condense un atelier : les questions posées, la lecture des rapporteurs et les propositions les plus soutenues. Les sections suivantes portent sur l’ensemble de la série — les thèmes récurrents, les exemples de pays, ce que la série attend de la Commission de consolidation de la paix — et se terminent par des recommandations regroupées selon l’acteur concerné, chacune avec les ateliers dont elle provient.',
  chatham:
    'Les ateliers se sont tenus selon la règle de Chatham House. Ce document reflète la lecture des rapporteurs, n’attribue rien à personne et ne reflète pas nécessairement l’avis de tous les participants.',
  heldOn: (date) => `tenu le ${date}`,
  convenedBy: (host) => `organisé par ${host}`,
  participants: (n) => `${n} participant${n > 1 ? 's' : ''}`,
  chapterOpening: (number, questions, subjects, ideas) =>
    `Le ${ORDINAL_FR[number] ?? `${number}e`} atelier a posé ${questions} question${questions > 1 ? 's' : ''} aux participants, sur ${subjects}. La salle a formulé ${ideas} proposition${ideas > 1 ? 's' : ''}.`,
  mainFindings: 'Principaux constats des rapporteurs',
  noProposals: (prompt) =>
    `La question posée était ${prompt} ; aucune proposition n’a été enregistrée.`,
  questionLead: (prompt, n, themes) =>
    `À la question ${prompt}, les participants ont répondu par ${n} proposition${n > 1 ? 's' : ''}${themes ? `, que la salle a regroupées sous ${themes}` : ''}.`,
  quotesLead: (n, voted) =>
    voted
      ? 'Parmi les propositions les plus soutenues :'
      : n > 1
        ? 'Parmi les propositions :'
        : 'Une proposition :',
  takenUp: (list, n) =>
    `Des propositions issues de cette discussion sont reprises dans ${n > 1 ? 'les recommandations' : 'la recommandation'} ${list}.`,
  seeRecs: (list, n) =>
    `Voir aussi ${n > 1 ? 'les recommandations' : 'la recommandation'} ${list}.`,
  crossCutting: 'Thèmes transversaux',
  noCross: 'Aucun sujet n’est revenu en des termes proches d’un atelier à l’autre.',
  crossIntro:
    'Certains sujets sont revenus d’un atelier à l’autre, dans les propositions soutenues ou dans les noms que les salles ont donnés à leurs thèmes. Ils sont classés selon leur récurrence.',
  raisedIn: (n, list) => `Évoqué dans ${n} ${ateliers(n)} (${list}).`,
  namedIn: (n, list) => ` Nommé dans ${n > 1 ? 'les thèmes' : 'le thème'} ${list}.`,
  themeInWorkshop: (label, n) => `${label} (atelier ${n})`,
  workshopRef: (list, many) => `(Atelier${many ? 's' : ''} ${list})`,
  countries: 'Exemples de pays',
  noCountries: 'Aucun exemple de pays n’a été relevé dans la série.',
  countriesIntro:
    'Les participants ont tiré des leçons de cas nationaux tout au long de la série. Les pays les plus souvent cités, avec les ateliers et les thèmes où ils sont apparus :',
  countryLine: (n, list, w, themes) =>
    `${n} proposition${n > 1 ? 's' : ''}, ${w > 1 ? 'ateliers' : 'atelier'} ${list}${themes ? `, sur ${themes}` : ''}.`,
  commission: 'Ce que la série attend de la Commission de consolidation de la paix',
  noCommission:
    'Aucune proposition de la série ne s’adressait à la Commission de consolidation de la paix.',
  commissionIntro: (n, list, w) =>
    `Au fil de la série, les participants ont adressé ${n} proposition${n > 1 ? 's soutenues' : ' soutenue'} à la Commission de consolidation de la paix (${w > 1 ? 'ateliers' : 'atelier'} ${list}). Les plus soutenues :`,
  commissionThemes: (list) => `La Commission était aussi le sujet de ${list}.`,
  commissionPrompt:
    '[Rapporteurs : dites en une phrase ce que la série attend de la Commission pour l’année à venir.]',
  firstStep: 'Première étape :',
  recommendations: 'Recommandations',
  noRecs: 'Aucune proposition de la série n’a été assez soutenue pour devenir une recommandation.',
  recsIntro:
    'Ces recommandations reprennent les propositions les plus soutenues des ateliers, regroupées selon l’acteur concerné ; les propositions presque identiques d’ateliers différents sont réunies. Les ateliers d’origine sont indiqués entre parenthèses.',
  recsIntroConsolidation:
    'Ces recommandations sont les propositions que la séance de consolidation a classées en tête, regroupées selon l’acteur concerné. Les ateliers d’origine sont indiqués entre parenthèses.',
  annex: 'Annexe : le programme de la série tel qu’il s’est déroulé',
  annexPlanIntro:
    'Les sujets de la série tels que prévus puis ajustés au fil de la série, avec leurs dates, organisateurs et statut.',
  annexPlanHeader: ['N°', 'Sujet', 'Date', 'Organisateur', 'Statut'],
  status: { planned: 'prévu', scheduled: 'programmé', held: 'tenu', dropped: 'abandonné' },
  annexHeader: ['N°', 'Atelier', 'Date', 'Organisateur', 'Participants'],
};

const talleres = (n: number) => `taller${n > 1 ? 'es' : ''}`;

const PAPER_ES: PaperLabels = {
  draft: 'Documento de políticas — borrador',
  subject: 'Documento de políticas (borrador)',
  sectionNames: {
    header: 'Título y organizadores',
    summary: 'Resumen ejecutivo',
    introduction: 'Introducción',
    themes: 'Temas transversales',
    countries: 'Ejemplos de países',
    commission: 'La Comisión de Consolidación de la Paz',
    recommendations: 'Recomendaciones',
    annex: 'Anexo: el programa de la serie',
  },
  summary: 'Resumen ejecutivo',
  summaryOpening: ({ n, series, first, last, organisers, consolidation }) => {
    let s = `Este documento reúne ${n} ${talleres(n)} de la serie ${series}`;
    if (first && last && n > 1) s += `, celebrados entre el ${first} y el ${last}`;
    if (organisers) s += ` y organizados por ${organisers}`;
    s += '.';
    if (consolidation !== null)
      s += ` Una sesión de consolidación${consolidation ? ` el ${consolidation}` : ''} afinó y clasificó después las ideas con más apoyo de la serie; su clasificación ordena las recomendaciones.`;
    return `${s} Expone lo que los debates sugieren que la ONU haga de otra manera, y quién debe actuar.`;
  },
  findingsLead: 'Varias conclusiones atraviesan la serie:',
  findingRecurred: (k, total, list, recs, nRecs) =>
    `${k === total ? `Los ${total} talleres volvieron sobre él` : `${k} de los ${total} talleres (${list}) volvieron sobre él`} en las propuestas que apoyaron${recs ? `; ${nRecs > 1 ? 'las recomendaciones' : 'la recomendación'} ${recs} lo ${nRecs > 1 ? 'retoman' : 'retoma'}` : ''}.`,
  findingNamed: (list) => `Las salas lo convirtieron en un tema propio: ${list}.`,
  commissionFindingLead: 'Un papel mayor para la Comisión de Consolidación de la Paz.',
  commissionFinding: (n, w) =>
    `Los participantes dirigieron ${n} propuesta${n > 1 ? 's apoyadas' : ' apoyada'} a la Comisión, en ${w} ${talleres(w)}.`,
  countriesFindingLead: 'Lecciones de casos nacionales.',
  countriesFinding: (list) =>
    `Los participantes recurrieron sobre todo a la experiencia de ${list}.`,
  recsToGroup: (group, n) => `${n} para ${group}`,
  summaryRecs: (n, list, consolidation) =>
    `El documento formula ${n} recomendaci${n > 1 ? 'ones' : 'ón'}, ${consolidation ? 'según la clasificación de la sesión de consolidación' : 'a partir de las propuestas con más apoyo de los talleres'}: ${list}.`,
  summaryPrompt:
    '[Relatores: reformulen cada conclusión con sus palabras y nombren el proceso que este documento informa.]',
  introduction: 'Introducción',
  heldBetween: (first, last, n, series) =>
    `Entre el ${first} y el ${last} se celebr${n > 1 ? 'aron' : 'ó'} ${n} ${talleres(n)} de la serie ${series}.`,
  held: (n, series) =>
    `Se celebr${n > 1 ? 'aron' : 'ó'} ${n} ${talleres(n)} de la serie ${series}.`,
  eachSame: (n) => ` Cada uno reunió a ${n} participante${n > 1 ? 's' : ''}.`,
  eachRange: (lo, hi) =>
    ` Cada uno reunió a entre ${lo} y ${hi} participantes de Estados miembros, del sistema de las Naciones Unidas, de institutos de investigación y de la sociedad civil.`,
  together: (n) =>
    ` En conjunto presentaron ${n} idea${n > 1 ? 's' : ''} concreta${n > 1 ? 's' : ''}, que las salas agruparon en temas y priorizaron.`,
  consolidationHeld: (date, n) =>
    `${date ? `El ${date}, una` : 'Una'} sesión de consolidación retomó ${n} de las ideas con más apoyo, las afinó y las volvió a clasificar.`,
  method:
    'Cada capítulo condensa un taller: lo que se preguntó, la lectura de los relatores y las propuestas con más apoyo. Las secciones siguientes abarcan toda la serie —los temas recurrentes, los ejemplos de países, lo que la serie pide a la Comisión de Consolidación de la Paz— y terminan con recomendaciones agrupadas según quién debe actuar, cada una con los talleres de los que procede.',
  chatham:
    'Los talleres se celebraron bajo la regla de Chatham House. Este documento refleja la lectura de los relatores, no atribuye nada a nadie y no refleja necesariamente la opinión de todos los participantes.',
  heldOn: (date) => `celebrado el ${date}`,
  convenedBy: (host) => `organizado por ${host}`,
  participants: (n) => `${n} participante${n > 1 ? 's' : ''}`,
  chapterOpening: (number, questions, subjects, ideas) =>
    `El ${ORDINAL_ES[number] ?? `${number}.º`} taller planteó ${questions} pregunta${questions > 1 ? 's' : ''} a los participantes, sobre ${subjects}. La sala presentó ${ideas} propuesta${ideas > 1 ? 's' : ''}.`,
  mainFindings: 'Conclusiones principales de los relatores',
  noProposals: (prompt) => `Se preguntó ${prompt}; no se registró ninguna propuesta.`,
  questionLead: (prompt, n, themes) =>
    `Ante la pregunta ${prompt}, los participantes presentaron ${n} propuesta${n > 1 ? 's' : ''}${themes ? `, que la sala agrupó en ${themes}` : ''}.`,
  quotesLead: (n, voted) =>
    voted
      ? 'Entre las propuestas con más apoyo:'
      : n > 1
        ? 'Entre las propuestas:'
        : 'Una propuesta:',
  takenUp: (list, n) =>
    `Propuestas de este debate se retoman en ${n > 1 ? 'las recomendaciones' : 'la recomendación'} ${list}.`,
  seeRecs: (list, n) =>
    `Véase también ${n > 1 ? 'las recomendaciones' : 'la recomendación'} ${list}.`,
  crossCutting: 'Temas transversales',
  noCross: 'Ningún tema se repitió en términos similares entre los talleres de la serie.',
  crossIntro:
    'Algunos temas volvieron de un taller a otro, en las propuestas apoyadas o en los nombres que las salas dieron a sus temas. Se ordenan según su recurrencia.',
  raisedIn: (n, list) => `Planteado en ${n} ${talleres(n)} (${list}).`,
  namedIn: (n, list) => ` Nombrado en ${n > 1 ? 'los temas' : 'el tema'} ${list}.`,
  themeInWorkshop: (label, n) => `${label} (taller ${n})`,
  workshopRef: (list, many) => `(Taller${many ? 'es' : ''} ${list})`,
  countries: 'Ejemplos de países',
  noCountries: 'No se registró ningún ejemplo de país en la serie.',
  countriesIntro:
    'Los participantes extrajeron lecciones de casos nacionales a lo largo de la serie. Los países citados con más amplitud, con los talleres y temas donde surgieron:',
  countryLine: (n, list, w, themes) =>
    `${n} propuesta${n > 1 ? 's' : ''}, ${w > 1 ? 'talleres' : 'taller'} ${list}${themes ? `, sobre ${themes}` : ''}.`,
  commission: 'Lo que la serie pide a la Comisión de Consolidación de la Paz',
  noCommission:
    'Ninguna propuesta de la serie se dirigía a la Comisión de Consolidación de la Paz.',
  commissionIntro: (n, list, w) =>
    `A lo largo de la serie, los participantes dirigieron ${n} propuesta${n > 1 ? 's apoyadas' : ' apoyada'} a la Comisión de Consolidación de la Paz (${w > 1 ? 'talleres' : 'taller'} ${list}). Las de mayor apoyo:`,
  commissionThemes: (list) => `La Comisión fue también el tema de ${list}.`,
  commissionPrompt:
    '[Relatores: digan en una frase qué espera la serie de la Comisión en el próximo año.]',
  firstStep: 'Primer paso:',
  recommendations: 'Recomendaciones',
  noRecs: 'Ninguna propuesta de la serie tuvo apoyo suficiente para convertirse en recomendación.',
  recsIntro:
    'Estas recomendaciones retoman las propuestas con más apoyo de los talleres, agrupadas según quién debe actuar; las propuestas casi idénticas de distintos talleres se combinan. Entre paréntesis, los talleres de los que procede cada una.',
  recsIntroConsolidation:
    'Estas recomendaciones son las propuestas que la sesión de consolidación clasificó más alto, agrupadas según quién debe actuar. Entre paréntesis, los talleres de los que procede cada una.',
  annex: 'Anexo: el programa de la serie tal como se desarrolló',
  annexPlanIntro:
    'Los temas de la serie tal como se planificaron y ajustaron a lo largo de la serie, con sus fechas, organizadores y estado.',
  annexPlanHeader: ['N.º', 'Tema', 'Fecha', 'Organizador', 'Estado'],
  status: {
    planned: 'previsto',
    scheduled: 'programado',
    held: 'celebrado',
    dropped: 'descartado',
  },
  annexHeader: ['N.º', 'Taller', 'Fecha', 'Organizador', 'Participantes'],
};

/** The policy paper's fixed words in a language. */
export function paperLabels(lang: BriefLanguage): PaperLabels {
  return lang === 'fr' ? PAPER_FR : lang === 'es' ? PAPER_ES : PAPER_EN;
}
