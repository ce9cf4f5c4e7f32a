import type { BriefLanguage, BriefParticipantTypes } from './snapshot.ts';

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

// ---- The series' policy paper -------------------------------------------------------------

export interface PaperLabels {
  draft: string;
  subject: string;
  drawingOn: (n: number, hosts: string) => string;
  introduction: string;
  heldBetween: (first: string, last: string, n: number, series: string) => string;
  held: (n: number, series: string) => string;
  eachSame: (n: number) => string;
  eachRange: (lo: number, hi: number) => string;
  together: (n: number) => string;
  thisPaper: string;
  convenedBy: (host: string) => string;
  chatham: string;
  heldOn: (date: string) => string;
  participants: (n: number) => string;
  mainFindings: string;
  themes: string;
  question: (n: number) => string;
  themesList: (voted: boolean, labels: string) => string;
  crossCutting: string;
  noCross: string;
  crossIntro: string;
  raisedIn: (n: number, list: string) => string;
  namedIn: (n: number, list: string) => string;
  themeInWorkshop: (label: string, n: number) => string;
  workshopRef: (list: string, many: boolean) => string;
  consolidated: string;
  noRecs: string;
  recsIntro: string;
  firstStep: string;
  annex: string;
  annexHeader: string[];
}

const PAPER_EN: PaperLabels = {
  draft: 'Policy paper — draft',
  subject: 'Policy paper (draft)',
  drawingOn: (n, hosts) =>
    `Drawing on ${num(SMALL_EN, n)} ${plural(n, 'workshop', 'workshops')} convened by ${hosts}`,
  introduction: 'Introduction',
  heldBetween: (first, last, n, series) =>
    `Between ${first} and ${last}, ${num(SMALL_EN, n)} ${plural(n, 'workshop was', 'workshops were')} held in the ${series} series.`,
  held: (n, series) =>
    `${num(SMALL_EN, n).replace(/^./, (c) => c.toUpperCase())} ${plural(n, 'workshop was', 'workshops were')} held in the ${series} series.`,
  eachSame: (n) =>
    ` Each brought together ${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')}.`,
  eachRange: (lo, hi) =>
    ` Each brought together between ${num(SMALL_EN, lo)} and ${num(SMALL_EN, hi)} participants.`,
  together: (n) =>
    ` Together they put forward ${num(SMALL_EN, n)} concrete ${plural(n, 'idea', 'ideas')}, which the rooms grouped into themes and prioritised.`,
  thisPaper:
    ' This paper draws the series together: a chapter on each workshop, the themes that recurred across workshops, and the recommendations of all of them, consolidated by the actor they address.',
  convenedBy: (host) => `convened by ${host}`,
  chatham:
    'The workshops were held under the Chatham House Rule. This paper summarises the discussions without attribution and does not necessarily represent the views of all participants.',
  heldOn: (date) => `Held on ${date}`,
  participants: (n) => `${num(SMALL_EN, n)} ${plural(n, 'participant', 'participants')}`,
  mainFindings: 'Main findings',
  themes: 'Themes',
  question: (n) => `Question ${n}.`,
  themesList: (voted, labels) => ` Themes${voted ? ', by support' : ''}: ${labels}.`,
  crossCutting: 'Cross-cutting themes',
  noCross: 'No subject recurred in similar terms across the workshops of the series.',
  crossIntro:
    'Some subjects came back in several workshops, in the ideas participants supported or in the names the rooms gave their themes. They were found by comparing the wording of ideas and themes across workshops, and are listed by how widely they recurred.',
  raisedIn: (n, list) =>
    `Raised in ${num(SMALL_EN, n)} ${plural(n, 'workshop', 'workshops')} (${list}).`,
  namedIn: (n, list) => ` Named in the ${plural(n, 'theme', 'themes')} ${list}.`,
  themeInWorkshop: (label, n) => `“${label}” (workshop ${n})`,
  workshopRef: (list, many) => `(Workshop${many ? 's' : ''} ${list})`,
  consolidated: 'Consolidated recommendations',
  noRecs: 'No idea of the series was addressed to a specific actor.',
  recsIntro:
    'The best-supported ideas of all workshops that name who should act, with near-identical proposals from different workshops combined. The workshop numbers refer to the chapters above.',
  firstStep: 'First step:',
  annex: 'Annex: the workshops',
  annexHeader: ['No.', 'Workshop', 'Date', 'Host', 'Participants', 'Ideas', 'Themes'],
};

const PAPER_FR: PaperLabels = {
  draft: 'Document d’orientation — projet',
  subject: 'Document d’orientation (projet)',
  drawingOn: (n, hosts) =>
    `À partir de ${n} atelier${n > 1 ? 's' : ''} organisé${n > 1 ? 's' : ''} par ${hosts}`,
  introduction: 'Introduction',
  heldBetween: (first, last, n, series) =>
    `Entre le ${first} et le ${last}, ${n} atelier${n > 1 ? 's se sont tenus' : ' s’est tenu'} dans le cadre de la série ${series}.`,
  held: (n, series) =>
    `${n} atelier${n > 1 ? 's se sont tenus' : ' s’est tenu'} dans le cadre de la série ${series}.`,
  eachSame: (n) => ` Chacun a réuni ${n} participant${n > 1 ? 's' : ''}.`,
  eachRange: (lo, hi) => ` Chacun a réuni entre ${lo} et ${hi} participants.`,
  together: (n) =>
    ` Ensemble, ils ont formulé ${n} idée${n > 1 ? 's' : ''} concrète${n > 1 ? 's' : ''}, que les salles ont regroupées en thèmes et hiérarchisées.`,
  thisPaper:
    ' Ce document rassemble la série : un chapitre par atelier, les thèmes revenus d’un atelier à l’autre et l’ensemble des recommandations, regroupées selon l’acteur concerné.',
  convenedBy: (host) => `organisé par ${host}`,
  chatham:
    'Les ateliers se sont tenus selon la règle de Chatham House. Ce document résume les discussions sans attribution et ne reflète pas nécessairement l’avis de tous les participants.',
  heldOn: (date) => `Tenu le ${date}`,
  participants: (n) => `${n} participant${n > 1 ? 's' : ''}`,
  mainFindings: 'Principaux constats',
  themes: 'Thèmes',
  question: (n) => `Question ${n}.`,
  themesList: (voted, labels) => ` Thèmes${voted ? ', par soutien' : ''} : ${labels}.`,
  crossCutting: 'Thèmes transversaux',
  noCross: 'Aucun sujet n’est revenu en des termes proches d’un atelier à l’autre.',
  crossIntro:
    'Certains sujets sont revenus dans plusieurs ateliers, dans les idées soutenues ou dans les noms donnés aux thèmes. Ils ont été repérés en comparant la formulation des idées et des thèmes, et sont classés selon leur récurrence.',
  raisedIn: (n, list) => `Évoqué dans ${n} atelier${n > 1 ? 's' : ''} (${list}).`,
  namedIn: (n, list) => ` Nommé dans ${n > 1 ? 'les thèmes' : 'le thème'} ${list}.`,
  themeInWorkshop: (label, n) => `« ${label} » (atelier ${n})`,
  workshopRef: (list, many) => `(Atelier${many ? 's' : ''} ${list})`,
  consolidated: 'Recommandations consolidées',
  noRecs: 'Aucune idée de la série ne s’adressait à un acteur précis.',
  recsIntro:
    'Les idées les plus soutenues de tous les ateliers qui désignent un acteur, les propositions presque identiques d’ateliers différents étant réunies. Les numéros renvoient aux chapitres ci-dessus.',
  firstStep: 'Première étape :',
  annex: 'Annexe : les ateliers',
  annexHeader: ['N°', 'Atelier', 'Date', 'Organisateur', 'Participants', 'Idées', 'Thèmes'],
};

const PAPER_ES: PaperLabels = {
  draft: 'Documento de políticas — borrador',
  subject: 'Documento de políticas (borrador)',
  drawingOn: (n, hosts) =>
    `A partir de ${n} taller${n > 1 ? 'es' : ''} organizado${n > 1 ? 's' : ''} por ${hosts}`,
  introduction: 'Introducción',
  heldBetween: (first, last, n, series) =>
    `Entre el ${first} y el ${last} se celebr${n > 1 ? 'aron' : 'ó'} ${n} taller${n > 1 ? 'es' : ''} de la serie ${series}.`,
  held: (n, series) =>
    `Se celebr${n > 1 ? 'aron' : 'ó'} ${n} taller${n > 1 ? 'es' : ''} de la serie ${series}.`,
  eachSame: (n) => ` Cada uno reunió a ${n} participante${n > 1 ? 's' : ''}.`,
  eachRange: (lo, hi) => ` Cada uno reunió a entre ${lo} y ${hi} participantes.`,
  together: (n) =>
    ` En conjunto presentaron ${n} idea${n > 1 ? 's' : ''} concreta${n > 1 ? 's' : ''}, que las salas agruparon en temas y priorizaron.`,
  thisPaper:
    ' Este documento reúne la serie: un capítulo por taller, los temas que se repitieron entre talleres y todas las recomendaciones, agrupadas según el actor al que se dirigen.',
  convenedBy: (host) => `organizado por ${host}`,
  chatham:
    'Los talleres se celebraron bajo la regla de Chatham House. Este documento resume los debates sin atribución y no refleja necesariamente la opinión de todos los participantes.',
  heldOn: (date) => `Celebrado el ${date}`,
  participants: (n) => `${n} participante${n > 1 ? 's' : ''}`,
  mainFindings: 'Conclusiones principales',
  themes: 'Temas',
  question: (n) => `Pregunta ${n}.`,
  themesList: (voted, labels) => ` Temas${voted ? ', por apoyo' : ''}: ${labels}.`,
  crossCutting: 'Temas transversales',
  noCross: 'Ningún tema se repitió en términos similares entre los talleres de la serie.',
  crossIntro:
    'Algunos temas volvieron en varios talleres, en las ideas apoyadas o en los nombres dados a los temas. Se encontraron comparando la redacción de ideas y temas, y se ordenan según su recurrencia.',
  raisedIn: (n, list) => `Planteado en ${n} taller${n > 1 ? 'es' : ''} (${list}).`,
  namedIn: (n, list) => ` Nombrado en ${n > 1 ? 'los temas' : 'el tema'} ${list}.`,
  themeInWorkshop: (label, n) => `«${label}» (taller ${n})`,
  workshopRef: (list, many) => `(Taller${many ? 'es' : ''} ${list})`,
  consolidated: 'Recomendaciones consolidadas',
  noRecs: 'Ninguna idea de la serie se dirigía a un actor concreto.',
  recsIntro:
    'Las ideas con más apoyo de todos los talleres que indican quién debe actuar, con las propuestas casi idénticas de distintos talleres combinadas. Los números remiten a los capítulos anteriores.',
  firstStep: 'Primer paso:',
  annex: 'Anexo: los talleres',
  annexHeader: ['N.º', 'Taller', 'Fecha', 'Organizador', 'Participantes', 'Ideas', 'Temas'],
};

/** The policy paper's fixed words in a language. */
export function paperLabels(lang: BriefLanguage): PaperLabels {
  return lang === 'fr' ? PAPER_FR : lang === 'es' ? PAPER_ES : PAPER_EN;
}
