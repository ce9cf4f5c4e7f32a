import type { Messages } from './messages.ts';

const plural = (n: number, one: string, many: string) => (n <= 1 ? one : many);

/** Français. */
export const fr: Messages = {
  language: 'Langue',
  appName: 'Convene',
  tagline: 'Des idées concrètes de la salle, recueillies, regroupées et priorisées en direct.',
  loading: 'Chargement…',
  loadFailed: 'Cette page n’a pas pu être chargée. Vérifiez la connexion et rechargez.',
  reload: 'Recharger',
  panelFailed: 'Cette partie n’a pas pu être affichée.',
  retry: 'Réessayer',
  connecting: 'Connexion…',
  offline: 'Hors ligne — reconnexion en cours. Rien de ce que vous avez écrit n’est perdu.',
  // Offline reload (service worker and kept board)
  offlineKept: (time: string) =>
    `Hors ligne — tableau tel qu’il était à ${time}. Reconnexion en cours ; rien de ce que vous écrivez n’est perdu.`,
  linkInvalid: 'Ce lien n’est pas (ou plus) valide. Demandez-en un nouveau à l’animateur.',
  changeTooLarge:
    'Votre dernière modification n’a pas été conservée : elle rendait un texte ou le tableau plus grand que permis. Rechargez pour reprendre à partir de ce qui est enregistré.',
  changeRefused:
    'Votre dernière modification n’a pas été conservée : elle était illisible ou touchait une partie du tableau que seul Convene écrit. Rechargez pour reprendre à partir de ce qui est enregistré.',
  copy: 'Copier',
  copied: 'Copié',
  open: 'Ouvrir',
  participantsConnected: (n) =>
    `${n} ${plural(n, 'participant connecté', 'participants connectés')}`,
  ideasCount: (n) => `${n} ${plural(n, 'idée', 'idées')}`,
  joinAt: 'Rejoindre sur',
  qrAlt: (url) => `Code QR pour rejoindre : ${url}`,
  joinCode: 'Code d’accès',
  question: 'Question',
  questionOf: (i, n) => `Question ${i} sur ${n}`,
  noIdeasYet: 'Pas encore d’idées.',
  actor: 'Qui devrait agir',
  nextStep: 'Première étape',
  phase: {
    lobby: 'Pas commencée',
    submit: 'Recueil des idées',
    cluster: 'Regroupement',
    vote: 'Vote',
    results: 'Résultats',
    closed: 'Close',
  },
  organiser: 'Organisation',
  createTitle: 'Créer un atelier',
  fieldTitle: 'Titre',
  fieldSeries: 'Série (facultatif)',
  fieldHost: 'Hôte (facultatif)',
  fieldDate: 'Date',
  fieldDuration: 'Durée (minutes)',
  fieldQuestions: 'Questions',
  fieldPrompt: (i) => `Question ${i}`,
  fieldPlanned: 'Minutes',
  plannedTotal: (planned, duration) =>
    duration
      ? `Prévu : ${planned} sur ${duration} ${plural(duration, 'minute', 'minutes')}${planned > duration ? ' — plus que la durée de l’atelier' : ''}`
      : `Prévu : ${planned} ${plural(planned, 'minute', 'minutes')}`,
  addQuestion: 'Ajouter une question',
  removeQuestion: (i) => `Supprimer la question ${i}`,
  moveUp: (i) => `Monter la question ${i}`,
  moveDown: (i) => `Descendre la question ${i}`,
  fieldChatham: 'Sous la règle de Chatham House (les noms ne sont jamais affichés ni exportés)',
  fieldBudget: 'Points par participant',
  fieldMaxPerIdea: 'Maximum de points sur une idée',
  fieldAdminToken: 'Jeton d’administration (requis par ce serveur)',
  create: 'Créer l’atelier',
  creating: 'Création…',
  createdHint:
    'Conservez ces liens : chacun ouvre un rôle. Quiconque a le lien d’animation ou de rapport peut mener ou exporter l’atelier.',
  linkFacilitator: 'Animation',
  linkParticipant: 'Participants',
  linkProjector: 'Projecteur',
  linkSeries: 'Série',
  seriesNotJoined: (name) =>
    `Une série « ${name} » existe déjà et ce navigateur n’en a pas le lien : l’atelier n’y a pas été ajouté. Ouvrez le lien de la série pour l’y rattacher.`,
  linkRapporteur: 'Rapport',
  serverWorkshops: 'Ateliers sur ce serveur',
  noWorkshops: 'Aucun pour l’instant.',
  joinTitle: 'Rejoindre un atelier',
  joinCodeLabel: 'Code d’accès',
  nameLabel: 'Votre nom (facultatif)',
  nameHint:
    'Sous la règle de Chatham House, votre nom n’est jamais montré aux autres ni repris dans aucun compte rendu de la réunion.',
  join: 'Rejoindre',
  joining: 'Connexion…',
  unknownCode: 'Aucun atelier n’a ce code. Vérifiez-le sur l’écran projeté.',
  waitingToStart: 'L’animateur va bientôt ouvrir cette question.',
  doClustering: 'L’animateur regroupe les idées par thèmes.',
  doVote: 'Placez vos points sur les idées que vous soutenez le plus.',
  doResults: 'Voici ce que la salle a priorisé.',
  submitOpen: 'Écrivez une idée concrète à la fois.',
  notCollecting: 'Les contributions sont closes pour cette question.',
  yourIdea: 'Votre idée',
  actorHint: 'p. ex. le Conseil de sécurité, la CCP, les États membres',
  nextStepHint: 'Que pourrait-il se passer la semaine prochaine ?',
  submit: 'Envoyer l’idée',
  charsLeft: (n) => `${n} ${plural(n, 'caractère restant', 'caractères restants')}`,
  yourIdeas: 'Vos idées',
  sending: 'Envoi…',
  saved: 'Enregistrée',
  failed: 'Non enregistrée',
  waiting: 'En attente du réseau',
  waitingReveal: 'Enregistrée — visible quand l’animateur la dévoilera',
  withdrawn: 'Retirée',
  moderated: 'Masquée par l’animateur',
  mergedWithOther: 'Fusionnée avec une idée proche',
  ideasSoFar: 'Idées de la salle',
  agenda: 'Ordre du jour',
  controls: 'Commandes',
  links: 'Liens',
  setPhase: 'Phase de la question en cours',
  makeCurrent: 'Passer à cette question',
  current: 'En cours',
  minutes: (n) => `${n} min`,
  openProjector: 'Ouvrir le projecteur',
  makeLink: (label) => `Créer un lien ${label.toLowerCase()}`,
  fullScreen: 'Plein écran (F)',
  spotlight: 'À l’écran',
  lightTheme: 'Thème clair',
  timeLeft: 'Temps restant',
  timerPaused: 'En pause',
  timeUp: 'Temps écoulé',
  timer: 'Minuteur',
  timerMinutes: 'Minutes',
  timerStart: 'Démarrer',
  timerPause: 'Pause',
  timerResume: 'Reprendre',
  timerStop: 'Arrêter',
  timerAddMinute: '+1 min',
  timerRemoveMinute: '−1 min',
  timerAutoAdvance: 'Passer à la phase suivante à la fin du temps',
  submissionMode: 'Contributions',
  modeOpen: 'Ouvertes : les idées s’affichent en direct',
  modeHidden: 'Masquées : chacun ne voit que les siennes jusqu’au dévoilement',
  reveal: (n) => `Dévoiler ${n} ${plural(n, 'idée masquée', 'idées masquées')}`,
  hiddenWaiting: (n) =>
    n <= 1 ? `${n} idée attend d’être dévoilée` : `${n} idées attendent d’être dévoilées`,
  hide: 'Masquer',
  hideReason: 'Pourquoi masquer cette idée ? (conservé pour mémoire)',
  restore: 'Rétablir',
  edit: 'Modifier',
  save: 'Enregistrer',
  cancel: 'Annuler',
  withdraw: 'Retirer',
  mergeInto: 'Fusionner avec…',
  merged: (n) => `${n} ${plural(n, 'doublon fusionné', 'doublons fusionnés')}`,
  clustering: 'Regroupement',
  newCluster: 'Nouveau groupe',
  clusterLabel: 'Nom du groupe',
  untitledCluster: 'Groupe sans titre',
  unclustered: 'Pas encore regroupées',
  moreIdeas: (n) =>
    `+${n} ${plural(n, 'autre idée', 'autres idées')} — regroupez-les pour tout voir`,
  moreInCluster: (n) => `+${n} de plus`,
  moreClusters: (n) => `+${n} ${plural(n, 'autre groupe', 'autres groupes')}`,
  moveTo: 'Déplacer vers',
  deleteCluster: 'Supprimer le groupe',
  mergeCluster: 'Fusionner avec…',
  undo: 'Annuler',
  redo: 'Rétablir',
  clusterOf: (label, n) => `${label} (${n})`,
  // Tableau de regroupement (issue 12, point 4)
  boardPool: (n) => `Pas encore regroupées (${n})`,
  boardThemes: (n) => `${n} ${plural(n, 'groupe', 'groupes')}`,
  selectIdea: 'Sélectionner',
  selectedCount: (n) => `${n} ${plural(n, 'idée sélectionnée', 'idées sélectionnées')}`,
  moveSelectedTo: 'Déplacer la sélection vers',
  clearSelection: 'Vider la sélection',
  newClusterFromSelection: 'Faire un groupe de la sélection',
  newClusterOption: '+ Nouveau groupe',
  dragHandle: (text) => `Glisser : ${text}`,
  dragInstructions:
    'Pour saisir une idée, appuyez sur Espace ou Entrée. Déplacez-la sur un groupe avec les flèches, déposez-la avec Espace ou Entrée, annulez avec Échap. Ou choisissez un groupe dans sa liste « Déplacer vers » et appuyez sur Entrée.',
  dragPicked: (text) => `Idée saisie : ${text}`,
  dragOver: (text, target) => `${text} est au-dessus de ${target}`,
  dragCancelled: (text) => `Non déplacée : ${text}`,
  movedTo: (n, target) => `${n} ${plural(n, 'idée déplacée', 'idées déplacées')} vers ${target}`,
  madeCluster: (n) => `Nouveau groupe créé avec ${n} ${plural(n, 'idée', 'idées')}`,
  undone: 'Annulé',
  redone: 'Rétabli',
  moreActions: (text) => `Autres actions : ${text}`,
  mergeShort: 'Fusionner…',
  mergeSearchPlaceholder: 'Tapez des mots de l’autre idée',
  mergeNoMatch: 'Aucune idée ne correspond',
  mergeMatches: (n) => `${n} ${plural(n, 'idée correspond', 'idées correspondent')}`,
  // Aide au regroupement (ticket 13, section 2 ; assistant D)
  senseHelp: 'Aide au regroupement',
  senseHelpNote: 'Des suggestions seulement : rien ne bouge sans votre choix.',
  senseNoClusters:
    'Pas encore de groupe : déposez une idée sur une autre, créez un « Nouveau groupe » ou acceptez un groupe suggéré.',
  senseWorkingOn: (label) => `Groupe en cours : ${label}`,
  sensePickCluster:
    'Cliquez dans un groupe (ou atteignez-le au clavier) pour voir les idées qui pourraient en faire partie.',
  senseMayBelong: 'Pourrait aller ici',
  senseMayBelongNone: 'Aucune idée non regroupée ne ressemble à ce groupe.',
  senseAdd: 'Ajouter',
  senseAddTo: (label, text) => `Ajouter à ${label} : ${text}`,
  senseNameSuggestion: 'Nom suggéré',
  senseUseName: 'Prendre ce nom',
  senseUseNameFor: (name, label) => `Prendre ce nom pour ${label} : « ${name} »`,
  senseRenamed: (name) => `Groupe renommé « ${name} »`,
  senseDuplicates: 'Doublons possibles',
  senseMerge: 'Fusionner',
  senseMergePair: (from, into) => `Fusionner « ${from} » dans « ${into} »`,
  senseNotSame: 'Pas la même idée',
  senseNotSameLabel: (text) => `Pas la même idée : ${text}`,
  senseMorePairs: (n) => `Afficher ${n} ${plural(n, 'autre paire', 'autres paires')}`,
  senseFewerPairs: 'Afficher moins de paires',
  senseMergedPair: 'Doublons fusionnés : les deux textes sont gardés, les points s’additionnent.',
  senseSuggest: 'Suggérer des groupes',
  senseSuggestAgain: 'Suggérer à nouveau',
  senseLoading: 'Recherche de suggestions…',
  senseGroups: (n) => `${n} ${plural(n, 'groupe suggéré', 'groupes suggérés')}`,
  senseGroupsNone: 'Aucun groupe à suggérer parmi les idées non regroupées.',
  senseGroupName: 'Nom du groupe suggéré',
  senseInclude: (text) => `Inclure : ${text}`,
  senseAccept: (n) => `Accepter (${n} ${plural(n, 'idée', 'idées')})`,
  senseAcceptLabel: (name, n) => `Accepter (${n} ${plural(n, 'idée', 'idées')}) : « ${name} »`,
  // Clustering help, a suggestion added to the cluster worked on (issue 13; helper sense2)
  senseAddInto: (label, n) => `Ajouter ${n} ${plural(n, 'idée', 'idées')} à ${label}`,
  senseAddIntoLabel: (name, label, n) =>
    `Ajouter ${n} ${plural(n, 'idée', 'idées')} à ${label} (suggestion « ${name} »)`,
  senseAddedInto: (label, n) =>
    `${n} ${plural(n, 'idée ajoutée', 'idées ajoutées')} à « ${label} »`,
  senseDismiss: 'Écarter',
  senseDismissLabel: (name) => `Écarter la suggestion « ${name} »`,
  senseAccepted: (name, n) => `Groupe « ${name} » créé avec ${n} ${plural(n, 'idée', 'idées')}`,
  senseUnavailable: 'Les suggestions ne sont pas disponibles pour le moment.',
  similarOnBoard: 'Idées semblables déjà au tableau — ajoutez la vôtre si elle dit autre chose',
  voting: 'Vote',
  dotsLeft: (n) => `${n} ${plural(n, 'point restant', 'points restants')}`,
  addDot: 'Ajouter un point',
  removeDot: 'Retirer un point',
  yourDots: (n) => `${n} ${plural(n, 'point', 'points')}`,
  voteProgress: (done, total) =>
    `${done} sur ${total} ${plural(done, 'a utilisé tous ses points', 'ont utilisé tous leurs points')}`,
  voteStarted: (n) =>
    n <= 1 ? `${n} personne a commencé à voter` : `${n} personnes ont commencé à voter`,
  voteSecret: 'Les votes restent secrets jusqu’à l’affichage des résultats.',
  voteSettings: 'Prochain tour de vote',
  budget: 'Points par personne',
  maxPerIdea: 'Maximum de points sur une idée',
  topN: 'Seulement les N premières du tour précédent (vide : toutes)',
  saveSettings: 'Enregistrer les réglages',
  round: (n) => `Tour ${n}`,
  results: 'Résultats',
  votesCount: (n) => `${n} ${plural(n, 'vote', 'votes')}`,
  clusterTotals: 'Groupes',
  submittedCount: (n) => (n <= 1 ? `${n} personne a contribué` : `${n} personnes ont contribué`),
  plannedActual: (planned, actual) => (planned ? `${actual} sur ${planned} min` : `${actual} min`),
  notes: 'Notes',
  notesHint: 'Partagées en direct avec les autres rapporteurs.',
  exportFailed: 'L’export a échoué.',
  // Brief
  tabBoard: 'Tableau et notes',
  tabBrief: 'Compte rendu',
  rapporteurViews: 'Vues du rapporteur',
  exportTitle: 'Exporter',
  exportDocx: 'Word (.docx)',
  exportMd: 'Markdown',
  exportHtml: 'Page web (à imprimer en PDF)',
  exportCsv: 'Idées (CSV)',
  exportJsonArchive: 'Archive (JSON)',
  exportHint:
    'Le compte rendu est exporté tel qu’il est rédigé ci-dessous ; les sections jamais générées viennent du tableau.',
  exportHintChatham:
    'Règle de Chatham House : chaque export vérifie d’abord que les idées, les notes et le projet ne citent aucun participant.',
  exportNow: (format) => `Télécharger ${format}`,
  nameCheckRun: 'Rechercher des noms',
  nameCheckTitle: 'Noms de participants dans les textes',
  nameCheckBefore: (format) => `Avant l’export ${format} : noms de participants dans les textes`,
  nameCheckClean: (n) =>
    n === 0
      ? 'Aucun participant n’a donné de nom, et aucune mention de nom (« comme l’a dit … », @pseudo) n’est en suspens.'
      : `Aucun nom ${n === 1 ? 'du participant' : `des ${n} participants`} n’apparaît dans les idées, les notes ou le projet.`,
  nameCheckFound: (n) =>
    n <= 1
      ? '1 passage peut nommer un participant. Selon la règle de Chatham House, remplacez-le par « un participant », ou marquez-le s’il ne nomme personne de la salle.'
      : `${n} passages peuvent nommer un participant. Selon la règle de Chatham House, remplacez chacun par « un participant », ou marquez-le s’il ne nomme personne de la salle.`,
  nameMayBe: (names) => `Peut désigner ${names}`,
  nameCheckAgain: 'Vérifier à nouveau',
  nameCheckFailed: 'La vérification des noms n’a pas pu se faire. Réessayez.',
  redactOne: 'Remplacer par « un participant »',
  redactOneLabel: (match, where) => `Remplacer par « un participant » : « ${match} », ${where}`,
  redacted: (n) => (n <= 1 ? `${n} nom remplacé.` : `${n} noms remplacés.`),
  notRedactable: 'À modifier dans les réglages de l’atelier',
  renderedOnly: 'Visible seulement dans le document exporté : vérifiez le projet et les notes',
  nameCandidatesLegend: 'Noms trouvés : cochez ceux qui désignent un participant',
  nameCandidatesHint:
    'Seuls les noms confirmés sont remplacés. Un mot qui ressemble à un nom (« Local », « Will ») reste tel quel.',
  nameCandidate: (name, n) => `${name} (${n <= 1 ? `${n} passage` : `${n} passages`})`,
  redactConfirmed: (n) =>
    n === 0
      ? 'Remplacer les noms confirmés'
      : n === 1
        ? 'Remplacer 1 passage confirmé par « un participant »'
        : `Remplacer ${n} passages confirmés par « un participant »`,
  nameCheckMore: (shown, total) =>
    `Les ${shown} premiers passages sur ${total} sont listés ; confirmer un nom remplace tous ses passages.`,
  redactSkipped: (n) =>
    n <= 1
      ? '1 passage était en cours de modification et n’a pas été changé : vérifiez à nouveau.'
      : `${n} passages étaient en cours de modification et n’ont pas été changés : vérifiez à nouveau.`,
  redactUndo: (n) =>
    n <= 1
      ? `Annuler le dernier remplacement (${n} passage)`
      : `Annuler le dernier remplacement (${n} passages)`,
  unredacted: (restored, skipped) =>
    `${restored <= 1 ? `${restored} nom rétabli` : `${restored} noms rétablis`}${skipped > 0 ? ` ; ${skipped} ${plural(skipped, 'laissé', 'laissés')} en « un participant » car le texte autour a changé` : ''}.`,
  close: 'Fermer',
  briefGenerate: 'Générer le projet',
  briefGenerateHint:
    'Rédige chaque section à partir du tableau : idées, thèmes, votes et vos notes.',
  briefUpdate: 'Mettre à jour depuis le tableau',
  briefUpdateHint:
    'Les sections que personne n’a modifiées sont mises à jour ; les sections modifiées sont conservées jusqu’à votre décision.',
  briefWorking: 'En cours…',
  briefFailed: 'Le projet n’a pas pu être généré. Réessayez.',
  briefCreated: (n) => `${n} ${plural(n, 'section rédigée', 'sections rédigées')}`,
  briefUpdated: (n) => `${n} ${plural(n, 'section mise à jour', 'sections mises à jour')}`,
  briefKept: (n) =>
    `${n} ${plural(n, 'section modifiée conservée', 'sections modifiées conservées')}`,
  briefUpToDate: 'Tout est à jour avec le tableau',
  briefDecisionChanged:
    'Le tableau a changé depuis la génération de cette section, et elle a été modifiée. Prendre le texte régénéré (les modifications de cette section sont effacées) ou garder vos modifications ?',
  briefDecisionSame:
    'Le tableau n’a pas changé depuis la génération de cette section : régénérer ne ferait qu’effacer ses modifications. Rétablir le texte généré, ou garder vos modifications ?',
  briefShowRegenerated: 'Voir le texte régénéré',
  briefRestore: 'Rétablir le texte généré',
  briefReplace: 'Remplacer par le texte régénéré',
  briefKeep: 'Garder mes modifications',
  briefRegenerate: 'Régénérer',
  briefRegenerateSection: (section) => `Régénérer ${section} depuis le tableau`,
  briefEdited: 'Modifiée',
  briefAsGenerated: 'Telle que générée',
  briefEmpty:
    'Pas encore de projet. Générez-le quand les questions ont des résultats ; vous pourrez le régénérer à tout moment.',
  briefFormatHint:
    'Partagé en direct avec les autres rapporteurs. ## et ### pour les titres, - pour une puce, 1. pour un élément numéroté, > pour l’encadré, **gras** et *italique*.',
  briefPreview: 'Aperçu',
  briefTablesNote:
    'Le tableau de toutes les idées et de leurs votes par tour est ajouté depuis le tableau à l’export.',
  briefSectionHeader: 'Titre et organisateurs',
  briefSectionOpening: 'Introduction',
  briefSectionTakeaways: 'Points clés',
  briefSectionRecommendations: 'Recommandations',
  briefSectionAnnex: 'Annexe',
  // Brief generator (issue 14, helper E2): the country and Commission sections.
  briefSectionCountries: 'Exemples de pays',
  briefSectionCommission: 'La Commission de consolidation de la paix',
  seriesCreateTitle: 'Créer une série',
  seriesCreateHint:
    'Une série regroupe des ateliers (par exemple six réunions sur un thème) et produit un projet de note d’orientation à partir de tous leurs comptes rendus.',
  seriesName: 'Nom de la série',
  seriesDescription: 'Description (ouvre l’introduction de la note d’orientation)',
  seriesCreate: 'Créer la série',
  seriesReady: (name) => `La série « ${name} » est prête`,
  seriesLink: 'Page de la série',
  seriesLinkHint:
    'Conservez ce lien : quiconque l’a peut voir tous les ateliers de la série et exporter la note d’orientation.',
  seriesNeedsAdmin: 'Ce serveur demande son jeton d’administration pour créer une série.',
  seriesExists: 'Une série de ce nom existe déjà ; utilisez son lien.',
  seriesFailed: 'Une erreur s’est produite. Réessayez.',
  seriesPaper: 'Note d’orientation',
  seriesPaperHint:
    'Un projet issu de tous les ateliers ci-dessous : introduction, un chapitre par atelier, thèmes transversaux et recommandations par acteur.',
  // ---- Document d’orientation d’une série (issue 15) ----
  paperHint:
    'Généré à partir de tous les ateliers de la série : résumé, un chapitre par atelier, thèmes transversaux, exemples de pays, ce que la série attend de la Commission de consolidation de la paix, recommandations par acteur et programme tel qu’il s’est déroulé. Toute personne disposant du lien de la série peut le modifier, section par section.',
  paperGenerate: 'Générer le projet',
  paperRegenerate: 'Régénérer à partir des ateliers',
  paperGenerated: 'Le projet est à jour avec les ateliers.',
  paperGeneratedKept: (n) =>
    n === 1
      ? 'Mis à jour. Une section modifiée a été conservée : choisissez ci-dessous s’il faut la remplacer.'
      : `Mis à jour. ${n} sections modifiées ont été conservées : choisissez ci-dessous s’il faut les remplacer.`,
  paperEmpty: 'Pas encore de projet : générez-le à partir des ateliers.',
  paperFailed: 'Le document n’a pas pu être chargé ou enregistré. Réessayez.',
  paperWords: (n) => `${n.toLocaleString('fr-FR')} ${plural(n, 'mot', 'mots')}`,
  paperKeptTitle: (n) =>
    n === 1 ? 'Une section a été modifiée à la main' : `${n} sections ont été modifiées à la main`,
  paperKeptHint:
    'Les sections modifiées sont conservées lors de la régénération. Cochez celles dont le texte régénéré doit remplacer les modifications.',
  paperReplaceLabel: (title) => `Remplacer « ${title} » par le texte régénéré`,
  paperNoChange:
    'les ateliers n’apportent rien de nouveau ici ; remplacer annulerait seulement les modifications',
  paperReplaceTicked: (n) =>
    n === 1 ? 'Régénérer en remplaçant 1 section' : `Régénérer en remplaçant ${n} sections`,
  paperEditedMark: 'modifiée',
  paperEdit: 'Modifier',
  paperEditLabel: (title) => `Modifier la section « ${title} »`,
  paperShow: 'Afficher le texte',
  paperSave: 'Enregistrer',
  paperCancel: 'Annuler',
  paperSaved: (title) => `« ${title} » enregistrée.`,
  paperConflict:
    'Quelqu’un d’autre a enregistré cette section après son ouverture. Sa version figure ci-dessous ; la vôtre est toujours dans le champ ci-dessus.',
  paperTheirVersion: 'Son texte',
  paperKeepMine: 'Enregistrer ma version par-dessus',
  paperTakeTheirs: 'Garder la sienne',
  paperExportTitle: 'Exporter le document',
  paperExportHint:
    'Chaque export vérifie d’abord que le texte du document ne contient aucun nom de participant des ateliers de la série ; chaque atelier doit aussi avoir passé sa propre vérification.',
  paperBlockedByWorkshop: (title) =>
    `L’atelier « ${title} » a encore un nom de participant possible à traiter. Son rapporteur le règle dans le panneau d’export de l’atelier ; exportez ensuite le document à nouveau.`,
  seriesWorkshops: (n) => `${n} ${plural(n, 'atelier', 'ateliers')}`,
  seriesRefresh: 'Actualiser',
  seriesEmpty: 'Aucun atelier dans cette série pour l’instant.',
  seriesColWorkshop: 'Atelier',
  seriesColState: 'Questions',
  seriesColParticipants: 'Participants',
  seriesColIdeas: 'Idées',
  seriesColBrief: 'Compte rendu',
  seriesColActions: 'Actions',
  seriesStateNotStarted: 'Pas commencé',
  seriesStateRunning: (done, total) => `${done} sur ${total} ${plural(done, 'close', 'closes')}`,
  seriesStateDone: 'Toutes closes',
  seriesNoDraft: 'Pas encore de projet',
  seriesDraft: (sections, edited) =>
    edited === 0
      ? `Rédigé (${sections} ${plural(sections, 'section', 'sections')})`
      : `Rédigé, ${edited} sur ${sections} ${plural(sections, 'section', 'sections')} ${plural(edited, 'modifiée', 'modifiées')}`,
  seriesRemove: 'Retirer',
  seriesRemoveLabel: (title) => `Retirer ${title} de la série`,
  seriesRemoveConfirm: (title) =>
    `Retirer « ${title} » de la série ? L’atelier lui-même est conservé.`,
  seriesAttachLabel: 'Ajouter un atelier : collez son lien d’animation',
  seriesAttachHint: 'Seul un lien d’animation permet d’ajouter un atelier ; il n’est pas conservé.',
  seriesAttach: 'Ajouter l’atelier',
  seriesAttachRefused: 'Ce n’est pas le lien d’animation d’un atelier de ce serveur.',
  // Plan de la série et page des organisateurs (issue 15, plan)
  seriesSettings: 'Réglages de la série',
  seriesSettingsHint:
    'Partagés avec ses ateliers : un atelier créé depuis le plan reprend la langue, les co-organisateurs et les lentilles ; chaque note de synthèse et la note d’orientation regroupent les recommandations par groupe d’acteurs.',
  seriesOrganisers: 'Co-organisateurs, un par ligne (l’accueil tourne entre eux dans cet ordre)',
  seriesLanguage: 'Langue de la série (note d’orientation et nouveaux ateliers)',
  seriesLenses: 'Lentilles des nouveaux ateliers',
  seriesActorGroups: 'Groupes d’acteurs des recommandations',
  seriesActorGroupsHint:
    'Jusqu’à cinq groupes, chacun avec les mots qui y placent une recommandation. Sans groupe, ceux de la note de synthèse par défaut s’appliquent.',
  seriesGroupLabel: (n) => `Groupe ${n} : intitulé`,
  seriesGroupMatch: (n) => `Groupe ${n} : mots qui placent une recommandation ici (un par ligne)`,
  seriesAddGroup: 'Ajouter un groupe',
  seriesRemoveGroup: (n) => `Retirer le groupe ${n}`,
  seriesGroupIncomplete: 'Chaque groupe a besoin d’un intitulé et d’au moins un mot.',
  seriesSaveSettings: 'Enregistrer les réglages',
  seriesSaved: 'Réglages enregistrés.',
  planTitle: 'Plan de la série',
  planHint:
    'Les thèmes dans l’ordre prévu. L’accueil tourne entre les co-organisateurs, sauf hôte choisi à la main. Le plan peut évoluer au fil de la série ; chaque modification est conservée dans son historique.',
  planEmpty: 'Aucun thème prévu. Ajoutez le premier ci-dessous.',
  planColNumber: 'N°',
  planColTopic: 'Thème',
  planColDate: 'Date prévue',
  planColHost: 'Hôte',
  planColStatus: 'Statut',
  planStatusPlanned: 'Prévu',
  planStatusScheduled: 'Programmé',
  planStatusHeld: 'Tenu',
  planStatusDropped: 'Abandonné',
  planByRotation: 'par rotation',
  planNoHost: 'Pas encore d’hôte',
  planNoDate: 'Pas encore de date',
  planQuestions: (n) =>
    n === 0
      ? 'Aucune question prévue'
      : `${n} ${plural(n, 'question prévue', 'questions prévues')}`,
  planMoveUp: (title) => `Monter « ${title} »`,
  planMoveDown: (title) => `Descendre « ${title} »`,
  planEdit: 'Modifier',
  planEditLabel: (title) => `Modifier « ${title} »`,
  planCreateWorkshop: 'Créer l’atelier',
  planCreateLabel: (title) => `Créer l’atelier : « ${title} »`,
  planNeedsQuestions: 'Prévoyez d’abord au moins une question (Modifier).',
  planCreated: (title) =>
    `L’atelier « ${title} » est prêt. Gardez ces liens maintenant : ils ne seront plus affichés (de nouveaux peuvent être créés plus bas).`,
  planMarkHeld: 'Marquer comme tenu',
  planMarkHeldLabel: (title) => `Marquer comme tenu : « ${title} »`,
  planAllClosed: 'Toutes ses questions sont closes.',
  planFieldTitle: 'Thème',
  planFieldQuestions: 'Questions prévues (une par ligne)',
  planFieldDate: 'Date prévue',
  planFieldHost: 'Hôte (vide : par rotation)',
  planFieldStatus: 'Statut',
  planAddTitle: 'Ajouter un thème',
  planAdd: 'Ajouter le thème',
  planSave: 'Enregistrer',
  planCancel: 'Annuler',
  planHistory: (n) => `Historique du plan (${n} ${plural(n, 'modification', 'modifications')})`,
  planChange: (change, topic, before, after) => {
    const none = '—';
    switch (change) {
      case 'added':
        return `« ${topic} » ajouté au plan`;
      case 'renamed':
        return `« ${before ?? none} » renommé « ${after ?? none} »`;
      case 'questions':
        return `Questions prévues de « ${topic} » modifiées`;
      case 'moved':
        return `« ${topic} » déplacé de la place ${before ?? none} à la place ${after ?? none}`;
      case 'dated':
        return `« ${topic} » : date ${before ?? none} → ${after ?? none}`;
      case 'hosted':
        return `« ${topic} » : hôte ${before ?? 'par rotation'} → ${after ?? 'par rotation'}`;
      case 'status':
        return `« ${topic} » : ${before ?? none} → ${after ?? none}`;
      case 'workshop':
        return `Atelier créé pour « ${topic} »`;
      default:
        return `« ${topic} » modifié`;
    }
  },
  seriesColNumber: 'N°',
  seriesColJoin: 'Code d’accès',
  seriesBriefNone: 'Pas de brouillon',
  seriesBriefDraft: 'Brouillon',
  seriesBriefChecked: 'Vérifiée',
  seriesBriefExported: 'Exportée',
  seriesBriefHint: {
    none: 'Aucune note de synthèse rédigée',
    draft: 'Rédigée ; la vérification des noms a des points ouverts',
    checked: 'Rédigée ; la vérification des noms n’a rien d’ouvert',
    exported: 'Exportée telle quelle',
  },
  seriesConsolidation: 'Consolidation',
  seriesNewLink: 'Nouveau lien :',
  seriesNewFacilitatorLink: 'Nouveau lien d’animation',
  seriesNewRapporteurLink: 'Nouveau lien de rapport',
  seriesNewLinkLabel: (button, title) => `${button} : ${title}`,
  seriesLinkOnce:
    'Affiché une seule fois : copiez-le maintenant. Les liens précédents restent valides.',
  // Rounds, timer and ranks (issue 12, items 6 and 7)
  rankShared: (n) =>
    `à égalité avec ${n} ${plural(n, 'autre idée', 'autres idées')} : mêmes voix et mêmes soutiens (la plus ancienne d’abord)`,
  rankAheadOnSupporters: (n) =>
    `plus de soutiens que ${n} ${plural(n, 'idée', 'idées')} à voix égales`,
  rankBehindOnSupporters: (n) =>
    `moins de soutiens que ${n} ${plural(n, 'idée', 'idées')} à voix égales`,
  roundShortlist: (round, n) => `Tour ${round} — présélection de ${n}`,
  roundAgain: 'Nouveau tour',
  roundAgainTopN: 'Idées du prochain vote (les N premières de ce tour)',
  roundAgainStart: (n) => `Nouveau tour sur les ${n} premières`,
  roundAgainHint:
    'Le vote rouvre aussitôt sur la présélection ; les résultats de ce tour sont conservés.',
  roundPickSummary: 'Ou choisir les idées du prochain tour',
  roundPickStart: (n) => `Nouveau tour sur ${n} ${plural(n, 'idée choisie', 'idées choisies')}`,
  // Participant screen: phone ballot and own ideas (issue 12, items 3 and 10).
  othersIdeas: 'Idées des autres',
  ballotFind: 'Trouver une idée',
  ballotFindHint: 'Trouver une idée par un mot…',
  ballotClear: 'Effacer',
  ballotNoMatch: (q) => `Aucune idée ne contient « ${q} ».`,
  ballotMatches: (n) => `${n} ${plural(n, 'résultat', 'résultats')}`,
  ballotDone: (n) =>
    n === 1 ? 'Terminé : votre point est placé' : `Terminé : vos ${n} points sont placés`,
  ballotDoneHint: 'Pour déplacer un point, retirez-le d’abord d’une idée.',
  ballotOther: 'Autres idées',
  ballotSectionDots: (n) => `${n} de vos points`,
  // Venue (issue 12 items 8, 9)
  joinTryAgainIn: (s) =>
    `Trop de codes erronés depuis ce réseau. Vérifiez le code et réessayez dans ${s} ${plural(s, 'seconde', 'secondes')}.`,
  myWorkshopsTitle: 'Ateliers créés dans ce navigateur',
  myWorkshopsHint:
    'Conservés dans ce navigateur seulement, avec leurs liens. Quiconque utilise ce navigateur peut les ouvrir, comme depuis son historique.',
  myWorkshopsNone:
    'Aucun pour l’instant. Les ateliers que vous créez ici s’affichent ici, avec leurs liens.',
  showLinks: 'Afficher les liens',
  openAsFacilitator: 'Ouvrir en animation',
  opensNewTab: 'ouvre un nouvel onglet',
  createAnother: 'Créer un autre atelier',
  forgetWorkshop: 'Retirer de cette liste',
  forgetWorkshopConfirm: (title) =>
    `Retirer « ${title} » de la liste de ce navigateur ? L’atelier lui-même est conservé ; gardez ses liens si vous en avez besoin.`,
  adminListHint: 'Pour l’administration du serveur : demande l’ADMIN_TOKEN du serveur.',
  adminListShow: 'Afficher la liste',
  adminListWrongToken: 'Ce n’est pas le jeton d’administration de ce serveur.',
  adminListClosed: 'Ce serveur n’a pas de jeton d’administration : il ne liste pas ses ateliers.',
  createdTitleOf: (title) => `Votre atelier est prêt : ${title}`,
  // Projecteur à l’échelle d’une salle (ticket 12, points 1–2)
  pageOf: (n, total) => `Page ${n} sur ${total}`,
  pageOfCounting: (n) => `Page ${n} sur …`,
  wallMode: 'Mur du projecteur, quand les idées ne tiennent pas',
  wallModePage: 'Toutes les idées, page par page',
  wallModeNewest: 'Les plus récentes, et le nombre des autres',
  ideasWithoutVotes: (n) => `+${n} ${plural(n, 'idée sans vote', 'idées sans vote')}`,
  shortlistOf: (n) => `sur une présélection de ${n} ${plural(n, 'idée', 'idées')}`,
  // Points de débat (ticket 13, aide B)
  contested: 'Avis partagés',
  contestAction: 'Avis partagés…',
  contestActionFor: (subject) => `Avis partagés : ${subject}`,
  contestNoteLabel: 'Positions, en une ligne (sans noms)',
  contestNotePlaceholder: 'p. ex. les uns pour un fonds commun, les autres pour des fonds par pays',
  contestMark: 'Marquer : avis partagés',
  contestUnmark: 'Retirer la marque',
  contestedCount: (n) =>
    `${n} ${plural(n, 'élément sur lequel les avis ont divergé', 'éléments sur lesquels les avis ont divergé')}`,
  pointsOfDebate: 'Points de débat',
  pointsOfDebateHint:
    'Là où les avis ont divergé et les positions exprimées, sans noms. Partagé en direct avec les autres rapporteurs.',
  // Issue 14 (brief data)
  briefDetailsTitle: 'Détails de la note',
  briefDetailsOptional: 'Détails pour la note de réunion (facultatif)',
  briefDetailsHint:
    'Ce que la note de réunion dit de cet atelier. Les participants ne voient jamais la liste des noms.',
  fieldBriefLanguage: 'Langue de la note',
  fieldOrganisers: 'Co-organisateurs (un par ligne)',
  fieldSeriesNumber: 'Numéro de cet atelier dans sa série',
  participantTypesLegend: 'Participants par catégorie (nombres seulement)',
  typeMemberStates: 'États membres',
  typeUnSystem: 'Système des Nations unies',
  typeResearch: 'Recherche',
  typeCivilSociety: 'Société civile',
  typeOther: 'Autres',
  fieldContext: 'Paragraphe de contexte',
  fieldParticipantList:
    'Noms attendus dans la salle (un par ligne ; vérifiés avant l’export, jamais exportés)',
  fieldShortTitle: (n) => `Titre court de la question ${n} (titre de section)`,
  saveDetails: 'Enregistrer les détails de la note',
  detailsSaved: 'Détails de la note enregistrés.',
  detailsFailed: (why) => `Les détails de la note n’ont pas pu être enregistrés : ${why}`,
  detailsLoadFailed: 'Les détails de la note n’ont pas pu être chargés.',
  notAName: 'Pas le nom d’un participant',
  notANameLabel: (match, where) => `Pas le nom d’un participant : « ${match} », ${where}`,
  decisionsTitle: (n) =>
    `${n} ${plural(n, 'occurrence marquée', 'occurrences marquées')} « pas le nom d’un participant »`,
  decisionStale: 'ne s’applique plus : le texte autour a changé',
  withdrawDecision: 'Retirer',
  withdrawDecisionLabel: (match) => `Retirer : « ${match} » n’est pas un nom`,
  exportWaits: (n) =>
    n <= 1
      ? 'L’export attend que cet endroit soit remplacé ou marqué « pas le nom d’un participant ».'
      : `L’export attend que chacun de ces ${n} endroits soit remplacé ou marqué « pas le nom d’un participant ».`,
  resultsAnnexTitle: 'Annexe des résultats, pour les organisateurs (votes, tours, méthode)',
  exportResultsMd: 'Annexe (Markdown)',
  exportResultsDocx: 'Annexe (Word)',
  exportResultsCsv: 'Annexe (CSV)',
  // Angles d’analyse (ticket 13)
  lensCountries: 'Exemples de pays',
  lensPbc: 'Rôle de la Commission de consolidation de la paix',
  pbcShort: 'CCP',
  tagsOptional: 'Étiquettes (facultatif)',
  tags: 'Étiquettes',
  tagsOf: (text) => `Étiquettes : ${text}`,
  addCountry: 'Ajouter un pays',
  countryHint: 'Un nom en français, anglais ou espagnol, ou un sigle comme RDC',
  noCountryFound: 'Aucun pays ne correspond',
  suggestedFromText: 'Votre texte cite :',
  tagCountry: (name) => `Étiqueter ${name}`,
  removeTag: (name) => `Retirer ${name}`,
  tagSelected: (n) =>
    n === 1 ? 'Étiqueter l’idée sélectionnée' : `Étiqueter les ${n} idées sélectionnées`,
  tagOnSome: (name) => `${name} (une partie des idées sélectionnées)`,
  filterShow: 'Afficher',
  filterAll: 'Toutes les idées',
  filterUntagged: 'Idées sans étiquette',
  filterCount: (label, n) => `${label} (${n})`,
  showingOf: (shown, total) =>
    `${shown} ${plural(shown, 'idée affichée', 'idées affichées')} sur ${total}`,
  lenses: 'Angles d’analyse',
  lensesHint:
    'Des façons d’étiqueter les idées. Chaque participant peut étiqueter les siennes ; l’animation et les rapporteurs, toutes.',
  customLensName: 'Nom de l’angle',
  customLensValues: 'Valeurs (une par ligne)',
  addLens: 'Ajouter un angle',
  removeLens: (name) => `Retirer l’angle ${name}`,
  saveLenses: 'Enregistrer les angles',
  lensesSaved: 'Angles enregistrés.',
  lensIncomplete: 'Chaque angle a besoin d’un nom et d’au moins une valeur.',
  // Séance de consolidation (issue 15, consol).
  originsLabel: 'Reprise de',
  originFrom: (n, topic) =>
    n === null ? `Issue de : ${topic}` : `Issue de l’atelier ${n} · ${topic}`,
  originShort: (n, topic) => (n === null ? topic : `A${n} · ${topic}`),
  consolTitle: 'Séance de consolidation',
  consolHint:
    'Un atelier qui reprend les idées les mieux soutenues de chaque atelier tenu, chacune marquée de l’atelier d’où elle vient. La salle les affine, les regroupe et vote comme dans tout atelier ; son classement devient les recommandations du document d’orientation.',
  consolBasisPlan: 'Ateliers tenus : les thèmes marqués « tenu » dans le programme.',
  consolBasisWorkshops:
    'Pas encore de programme : chaque atelier de la série dont des questions sont closes compte comme tenu.',
  consolNothing: 'Aucun atelier tenu n’a encore d’idées à reprendre.',
  consolHow: 'Quelles idées',
  consolModeTop: 'Les idées les mieux soutenues de chaque question',
  consolModePick: 'Les idées que je choisis dans les classements',
  consolPerQuestion: 'Idées par question',
  consolWillCarry: (n) => `${n} ${plural(n, 'idée sera reprise', 'idées seront reprises')}`,
  consolPicked: (n) => `${n} ${plural(n, 'idée choisie', 'idées choisies')}`,
  consolSessionTitle: 'Titre (facultatif)',
  consolDate: 'Date (facultative)',
  consolCreate: 'Créer la séance de consolidation',
  consolCreated: (n) =>
    `Séance de consolidation créée avec ${n} ${plural(n, 'idée', 'idées')}. Conservez ces liens : ils ne sont affichés qu’une fois.`,
  consolFailed: 'La séance de consolidation n’a pas pu être créée.',
  consolWorkshop: (n, topic) => (n === null ? topic : `Atelier ${n} : ${topic}`),
  consolRank: (rank, votes) => `n° ${rank} · ${votes} ${plural(votes, 'point', 'points')}`,
  consolSessions: 'Séances créées',
  consolSessionLine: (code, ideas) => `Code ${code} · ${ideas} ${plural(ideas, 'idée', 'idées')}`,
};
