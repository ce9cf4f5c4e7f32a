import type { Messages } from './messages.ts';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Español. */
export const es: Messages = {
  language: 'Idioma',
  appName: 'Convene',
  tagline: 'Ideas concretas de la sala, recogidas, agrupadas y priorizadas en directo.',
  loading: 'Cargando…',
  loadFailed: 'No se pudo cargar esta página. Compruebe la conexión y vuelva a cargarla.',
  reload: 'Volver a cargar',
  panelFailed: 'No se pudo mostrar esta parte.',
  retry: 'Reintentar',
  connecting: 'Conectando…',
  offline: 'Sin conexión — reconectando. No se pierde nada de lo que ha escrito.',
  // Offline reload (service worker and kept board)
  offlineKept: (time: string) =>
    `Sin conexión — se muestra el tablero tal como estaba a las ${time}. Reconectando; no se pierde nada de lo que escriba.`,
  linkInvalid: 'Este enlace no es válido (o ya no lo es). Pida uno nuevo a quien facilita.',
  changeTooLarge:
    'Su último cambio no se guardó: hacía un texto o el tablero más grande de lo permitido. Recargue para seguir con lo que está guardado.',
  changeRefused:
    'Su último cambio no se guardó: no se podía leer o tocaba una parte del tablero que solo escribe Convene. Recargue para seguir con lo que está guardado.',
  copy: 'Copiar',
  copied: 'Copiado',
  open: 'Abrir',
  participantsConnected: (n) =>
    `${n} ${plural(n, 'participante conectado', 'participantes conectados')}`,
  ideasCount: (n) => `${n} ${plural(n, 'idea', 'ideas')}`,
  joinAt: 'Únase en',
  qrAlt: (url) => `Código QR para unirse: ${url}`,
  joinCode: 'Código de acceso',
  question: 'Pregunta',
  questionOf: (i, n) => `Pregunta ${i} de ${n}`,
  noIdeasYet: 'Todavía no hay ideas.',
  actor: 'Quién debería actuar',
  nextStep: 'Primer paso',
  phase: {
    lobby: 'Sin empezar',
    submit: 'Recogida de ideas',
    cluster: 'Agrupación',
    vote: 'Votación',
    results: 'Resultados',
    closed: 'Cerrada',
  },
  organiser: 'Organización',
  createTitle: 'Crear un taller',
  fieldTitle: 'Título',
  fieldSeries: 'Serie (opcional)',
  fieldHost: 'Anfitrión (opcional)',
  fieldDate: 'Fecha',
  fieldDuration: 'Duración (minutos)',
  fieldQuestions: 'Preguntas',
  fieldPrompt: (i) => `Pregunta ${i}`,
  fieldPlanned: 'Minutos',
  plannedTotal: (planned, duration) =>
    duration
      ? `Previsto: ${planned} de ${duration} ${plural(duration, 'minuto', 'minutos')}${planned > duration ? ' — más de lo que dura el taller' : ''}`
      : `Previsto: ${planned} ${plural(planned, 'minuto', 'minutos')}`,
  addQuestion: 'Añadir una pregunta',
  removeQuestion: (i) => `Quitar la pregunta ${i}`,
  moveUp: (i) => `Subir la pregunta ${i}`,
  moveDown: (i) => `Bajar la pregunta ${i}`,
  fieldChatham: 'Bajo la regla de Chatham House (los nombres nunca se muestran ni se exportan)',
  fieldBudget: 'Puntos por participante',
  fieldMaxPerIdea: 'Máximo de puntos en una idea',
  fieldAdminToken: 'Token de administración (este servidor lo exige)',
  create: 'Crear el taller',
  creating: 'Creando…',
  createdHint:
    'Guarde estos enlaces: cada uno abre un rol. Quien tenga el enlace de facilitación o de relatoría puede dirigir o exportar el taller.',
  linkFacilitator: 'Facilitación',
  linkParticipant: 'Participantes',
  linkProjector: 'Proyector',
  linkSeries: 'Serie',
  seriesNotJoined: (name) =>
    `Ya existe una serie llamada «${name}» y este navegador no tiene su enlace, así que el taller no se añadió. Abra el enlace de la serie y adjúntelo desde allí.`,
  linkRapporteur: 'Relatoría',
  serverWorkshops: 'Talleres en este servidor',
  noWorkshops: 'Ninguno todavía.',
  joinTitle: 'Unirse a un taller',
  joinCodeLabel: 'Código de acceso',
  nameLabel: 'Su nombre (opcional)',
  nameHint:
    'Bajo la regla de Chatham House su nombre nunca se muestra a los demás ni figura en ningún registro de la reunión.',
  join: 'Unirse',
  joining: 'Uniéndose…',
  unknownCode: 'Ningún taller tiene este código. Compruébelo en la pantalla proyectada.',
  waitingToStart: 'Quien facilita abrirá esta pregunta en breve.',
  doClustering: 'Se están agrupando las ideas por temas.',
  doVote: 'Ponga sus puntos en las ideas que más apoya.',
  doResults: 'Esto es lo que la sala ha priorizado.',
  submitOpen: 'Escriba una idea concreta cada vez.',
  notCollecting: 'Ya no se reciben ideas para esta pregunta.',
  yourIdea: 'Su idea',
  actorHint: 'p. ej. el Consejo de Seguridad, la CCP, los Estados Miembros',
  nextStepHint: '¿Qué podría pasar la semana que viene?',
  submit: 'Enviar la idea',
  charsLeft: (n) => `${n} ${plural(n, 'carácter restante', 'caracteres restantes')}`,
  yourIdeas: 'Sus ideas',
  sending: 'Enviando…',
  saved: 'Guardada',
  failed: 'No guardada',
  waiting: 'Esperando la red',
  waitingReveal: 'Guardada — se mostrará cuando se revelen las ideas',
  withdrawn: 'Retirada',
  moderated: 'Ocultada por quien facilita',
  mergedWithOther: 'Fusionada con una idea similar',
  ideasSoFar: 'Ideas de la sala',
  agenda: 'Orden del día',
  controls: 'Controles',
  links: 'Enlaces',
  setPhase: 'Fase de la pregunta actual',
  makeCurrent: 'Pasar a esta pregunta',
  current: 'Actual',
  minutes: (n) => `${n} min`,
  openProjector: 'Abrir el proyector',
  makeLink: (label) => `Crear un enlace de ${label.toLowerCase()}`,
  fullScreen: 'Pantalla completa (F)',
  spotlight: 'Destacar',
  lightTheme: 'Tema claro',
  timeLeft: 'Tiempo restante',
  timerPaused: 'En pausa',
  timeUp: 'Se acabó el tiempo',
  timer: 'Temporizador',
  timerMinutes: 'Minutos',
  timerStart: 'Iniciar',
  timerPause: 'Pausa',
  timerResume: 'Reanudar',
  timerStop: 'Detener',
  timerAddMinute: '+1 min',
  timerRemoveMinute: '−1 min',
  timerAutoAdvance: 'Pasar a la fase siguiente cuando se acabe el tiempo',
  submissionMode: 'Envíos',
  modeOpen: 'Abiertos: las ideas aparecen en directo',
  modeHidden: 'Ocultos: cada cual ve solo las suyas hasta que se revelen',
  reveal: (n) => `Revelar ${n} ${plural(n, 'idea oculta', 'ideas ocultas')}`,
  hiddenWaiting: (n) =>
    n === 1 ? '1 idea espera a ser revelada' : `${n} ideas esperan a ser reveladas`,
  hide: 'Ocultar',
  hideReason: '¿Por qué ocultar esta idea? (queda registrado)',
  restore: 'Restaurar',
  edit: 'Editar',
  save: 'Guardar',
  cancel: 'Cancelar',
  withdraw: 'Retirar',
  mergeInto: 'Fusionar con…',
  merged: (n) => `${n} ${plural(n, 'duplicado fusionado', 'duplicados fusionados')}`,
  clustering: 'Agrupación',
  newCluster: 'Nuevo grupo',
  clusterLabel: 'Nombre del grupo',
  untitledCluster: 'Grupo sin título',
  unclustered: 'Sin agrupar todavía',
  moreIdeas: (n) => `+${n} ${plural(n, 'idea más', 'ideas más')} — agrúpelas para verlas todas`,
  moreInCluster: (n) => `+${n} más`,
  moreClusters: (n) => `+${n} ${plural(n, 'grupo más', 'grupos más')}`,
  moveTo: 'Mover a',
  deleteCluster: 'Eliminar el grupo',
  mergeCluster: 'Fusionar con…',
  undo: 'Deshacer',
  redo: 'Rehacer',
  clusterOf: (label, n) => `${label} (${n})`,
  // Tablero de agrupación (issue 12, punto 4)
  boardPool: (n) => `Sin agrupar todavía (${n})`,
  boardThemes: (n) => `${n} ${plural(n, 'grupo', 'grupos')}`,
  selectIdea: 'Seleccionar',
  selectedCount: (n) => `${n} ${plural(n, 'idea seleccionada', 'ideas seleccionadas')}`,
  moveSelectedTo: 'Mover la selección a',
  clearSelection: 'Vaciar la selección',
  newClusterFromSelection: 'Hacer un grupo con la selección',
  newClusterOption: '+ Nuevo grupo',
  dragHandle: (text) => `Arrastrar: ${text}`,
  dragInstructions:
    'Para tomar una idea, pulse Espacio o Intro. Muévala sobre un grupo con las flechas, suéltela con Espacio o Intro, cancele con Escape. O elija un grupo en su lista «Mover a» y pulse Intro.',
  dragPicked: (text) => `Idea tomada: ${text}`,
  dragOver: (text, target) => `${text} está sobre ${target}`,
  dragCancelled: (text) => `No se movió: ${text}`,
  movedTo: (n, target) => `${n} ${plural(n, 'idea movida', 'ideas movidas')} a ${target}`,
  madeCluster: (n) => `Nuevo grupo creado con ${n} ${plural(n, 'idea', 'ideas')}`,
  undone: 'Deshecho',
  redone: 'Rehecho',
  moreActions: (text) => `Más acciones: ${text}`,
  mergeShort: 'Fusionar…',
  mergeSearchPlaceholder: 'Escriba palabras de la otra idea',
  mergeNoMatch: 'Ninguna idea coincide',
  mergeMatches: (n) => `${n} ${plural(n, 'idea coincide', 'ideas coinciden')}`,
  // Ayuda para agrupar (ticket 13, sección 2; asistente D)
  senseHelp: 'Ayuda para agrupar',
  senseHelpNote: 'Solo sugerencias: nada se mueve hasta que usted lo elija.',
  senseNoClusters:
    'Aún no hay grupos: suelte una idea sobre otra, cree un «Nuevo grupo» o acepte un grupo sugerido.',
  senseWorkingOn: (label) => `Grupo en curso: ${label}`,
  sensePickCluster:
    'Haga clic en un grupo (o llegue a él con el teclado) para ver las ideas que podrían ir en él.',
  senseMayBelong: 'Podría ir aquí',
  senseMayBelongNone: 'Ninguna idea sin agrupar se parece a este grupo.',
  senseAdd: 'Añadir',
  senseAddTo: (label, text) => `Añadir a ${label}: ${text}`,
  senseNameSuggestion: 'Nombre sugerido',
  senseUseName: 'Usar este nombre',
  senseUseNameFor: (name, label) => `Usar este nombre para ${label}: «${name}»`,
  senseRenamed: (name) => `Grupo renombrado «${name}»`,
  senseDuplicates: 'Posibles duplicados',
  senseMerge: 'Fusionar',
  senseMergePair: (from, into) => `Fusionar «${from}» con «${into}»`,
  senseNotSame: 'No son iguales',
  senseNotSameLabel: (text) => `No son iguales: ${text}`,
  senseMorePairs: (n) => `Mostrar ${n} ${plural(n, 'par más', 'pares más')}`,
  senseFewerPairs: 'Mostrar menos pares',
  senseMergedPair: 'Duplicados fusionados: se conservan ambos textos y se suman los puntos.',
  senseSuggest: 'Sugerir grupos',
  senseSuggestAgain: 'Sugerir de nuevo',
  senseLoading: 'Buscando sugerencias…',
  senseGroups: (n) => `${n} ${plural(n, 'grupo sugerido', 'grupos sugeridos')}`,
  senseGroupsNone: 'No hay grupos que sugerir entre las ideas sin agrupar.',
  senseGroupName: 'Nombre del grupo sugerido',
  senseInclude: (text) => `Incluir: ${text}`,
  senseAccept: (n) => `Aceptar (${n} ${plural(n, 'idea', 'ideas')})`,
  senseAcceptLabel: (name, n) => `Aceptar (${n} ${plural(n, 'idea', 'ideas')}): «${name}»`,
  // Clustering help, a suggestion added to the cluster worked on (issue 13; helper sense2)
  senseAddInto: (label, n) => `Añadir ${n} ${plural(n, 'idea', 'ideas')} a ${label}`,
  senseAddIntoLabel: (name, label, n) =>
    `Añadir ${n} ${plural(n, 'idea', 'ideas')} a ${label} (sugerencia «${name}»)`,
  senseAddedInto: (label, n) => `${n} ${plural(n, 'idea añadida', 'ideas añadidas')} a «${label}»`,
  senseDismiss: 'Descartar',
  senseDismissLabel: (name) => `Descartar la sugerencia «${name}»`,
  senseAccepted: (name, n) => `Grupo «${name}» creado con ${n} ${plural(n, 'idea', 'ideas')}`,
  senseUnavailable: 'Las sugerencias no están disponibles por ahora.',
  similarOnBoard: 'Ideas parecidas ya en el tablero: añada la suya si dice algo distinto',
  voting: 'Votación',
  dotsLeft: (n) => `${plural(n, 'Queda', 'Quedan')} ${n} ${plural(n, 'punto', 'puntos')}`,
  addDot: 'Añadir un punto',
  removeDot: 'Quitar un punto',
  yourDots: (n) => `${n} ${plural(n, 'punto', 'puntos')}`,
  voteProgress: (done, total) =>
    `${done} de ${total} ${plural(done, 'ha usado todos sus puntos', 'han usado todos sus puntos')}`,
  voteStarted: (n) =>
    n === 1 ? '1 persona ha empezado a votar' : `${n} personas han empezado a votar`,
  voteSecret: 'Los votos son secretos hasta que se muestren los resultados.',
  voteSettings: 'Próxima ronda de votación',
  budget: 'Puntos por persona',
  maxPerIdea: 'Máximo de puntos en una idea',
  topN: 'Solo las N primeras de la ronda anterior (vacío: todas)',
  saveSettings: 'Guardar ajustes',
  round: (n) => `Ronda ${n}`,
  results: 'Resultados',
  votesCount: (n) => `${n} ${plural(n, 'voto', 'votos')}`,
  clusterTotals: 'Grupos',
  submittedCount: (n) => (n === 1 ? '1 persona ha contribuido' : `${n} personas han contribuido`),
  plannedActual: (planned, actual) => (planned ? `${actual} de ${planned} min` : `${actual} min`),
  notes: 'Notas',
  notesHint: 'Compartidas en directo con las demás personas de relatoría.',
  exportFailed: 'La exportación ha fallado.',
  // Brief
  tabBoard: 'Tablero y notas',
  tabBrief: 'Informe',
  rapporteurViews: 'Vistas de relatoría',
  exportTitle: 'Exportar',
  exportDocx: 'Word (.docx)',
  exportMd: 'Markdown',
  exportHtml: 'Página web (imprimir en PDF)',
  exportCsv: 'Ideas (CSV)',
  exportJsonArchive: 'Archivo (JSON)',
  exportHint:
    'El informe se exporta tal como está redactado abajo; las secciones nunca generadas salen del tablero.',
  exportHintChatham:
    'Regla de Chatham House: cada exportación comprueba antes que las ideas, las notas y el borrador no nombren a ningún participante.',
  exportNow: (format) => `Descargar ${format}`,
  nameCheckRun: 'Buscar nombres',
  nameCheckTitle: 'Nombres de participantes en los textos',
  nameCheckBefore: (format) =>
    `Antes de exportar ${format}: nombres de participantes en los textos`,
  nameCheckClean: (n) =>
    n === 0
      ? 'Ningún participante dio su nombre, y no queda pendiente ninguna mención de un nombre («como dijo …», @usuario).'
      : `Ningún nombre ${n === 1 ? 'del participante' : `de los ${n} participantes`} aparece en las ideas, las notas o el borrador.`,
  nameCheckFound: (n) =>
    n === 1
      ? 'Un pasaje puede nombrar a un participante. Según la regla de Chatham House, sustitúyalo por «un participante», o márquelo si no nombra a nadie de la sala.'
      : `${n} pasajes pueden nombrar a un participante. Según la regla de Chatham House, sustituya cada uno por «un participante», o márquelo si no nombra a nadie de la sala.`,
  nameMayBe: (names) => `Puede referirse a ${names}`,
  nameCheckAgain: 'Comprobar de nuevo',
  nameCheckFailed: 'No se pudo comprobar los nombres. Inténtelo de nuevo.',
  redactOne: 'Sustituir por «un participante»',
  redactOneLabel: (match, where) => `Sustituir por «un participante»: «${match}», ${where}`,
  redacted: (n) => (n === 1 ? '1 nombre sustituido.' : `${n} nombres sustituidos.`),
  notRedactable: 'Cámbielo en la configuración del taller',
  renderedOnly: 'Solo aparece en el informe exportado: revise el borrador y las notas',
  nameCandidatesLegend: 'Nombres encontrados: marque los que nombran a un participante',
  nameCandidatesHint:
    'Solo se sustituyen los nombres confirmados. Una palabra que solo parece un nombre («Local», «Will») queda como está.',
  nameCandidate: (name, n) => `${name} (${n === 1 ? '1 pasaje' : `${n} pasajes`})`,
  redactConfirmed: (n) =>
    n === 0
      ? 'Sustituir los nombres confirmados'
      : n === 1
        ? 'Sustituir 1 pasaje confirmado por «un participante»'
        : `Sustituir ${n} pasajes confirmados por «un participante»`,
  nameCheckMore: (shown, total) =>
    `Se listan los primeros ${shown} de ${total} pasajes; confirmar un nombre sustituye todos sus pasajes.`,
  redactSkipped: (n) =>
    n === 1
      ? 'Un pasaje se estaba editando y quedó como estaba: compruebe de nuevo.'
      : `${n} pasajes se estaban editando y quedaron como estaban: compruebe de nuevo.`,
  redactUndo: (n) =>
    n === 1
      ? 'Deshacer la última sustitución (1 pasaje)'
      : `Deshacer la última sustitución (${n} pasajes)`,
  unredacted: (restored, skipped) =>
    `${restored === 1 ? '1 nombre restablecido' : `${restored} nombres restablecidos`}${skipped > 0 ? `; ${skipped} ${plural(skipped, 'queda', 'quedan')} como «un participante» porque el texto de alrededor cambió` : ''}.`,
  close: 'Cerrar',
  briefGenerate: 'Generar el borrador',
  briefGenerateHint: 'Redacta cada sección a partir del tablero: ideas, temas, votos y sus notas.',
  briefUpdate: 'Actualizar desde el tablero',
  briefUpdateHint:
    'Las secciones que nadie editó se actualizan; las secciones editadas se conservan hasta que usted decida.',
  briefWorking: 'Trabajando…',
  briefFailed: 'No se pudo generar el borrador. Inténtelo de nuevo.',
  briefCreated: (n) => (n === 1 ? '1 sección redactada' : `${n} secciones redactadas`),
  briefUpdated: (n) => (n === 1 ? '1 sección actualizada' : `${n} secciones actualizadas`),
  briefKept: (n) =>
    n === 1 ? '1 sección editada conservada' : `${n} secciones editadas conservadas`,
  briefUpToDate: 'Todo está al día con el tablero',
  briefDecisionChanged:
    'El tablero ha cambiado desde que se generó esta sección, y ha sido editada. ¿Usar el texto regenerado (se descartan los cambios de esta sección) o conservar sus cambios?',
  briefDecisionSame:
    'El tablero no ha cambiado desde que se generó esta sección: regenerarla solo descartaría sus cambios. ¿Restablecer el texto generado o conservar sus cambios?',
  briefShowRegenerated: 'Ver el texto regenerado',
  briefRestore: 'Restablecer el texto generado',
  briefReplace: 'Sustituir por el texto regenerado',
  briefKeep: 'Conservar mis cambios',
  briefRegenerate: 'Regenerar',
  briefRegenerateSection: (section) => `Regenerar ${section} desde el tablero`,
  briefEdited: 'Editada',
  briefAsGenerated: 'Tal como se generó',
  briefEmpty:
    'Aún no hay borrador. Genérelo cuando las preguntas tengan resultados; podrá regenerarlo en cualquier momento.',
  briefFormatHint:
    'Compartido en directo con el resto de la relatoría. ## y ### para títulos, - para una viñeta, 1. para un elemento numerado, > para el recuadro, **negrita** y *cursiva*.',
  briefPreview: 'Vista previa',
  briefTablesNote:
    'La tabla de todas las ideas con sus votos por ronda se añade desde el tablero al exportar.',
  briefSectionHeader: 'Título y organizadores',
  briefSectionOpening: 'Introducción',
  briefSectionTakeaways: 'Conclusiones clave',
  briefSectionRecommendations: 'Recomendaciones',
  briefSectionAnnex: 'Anexo',
  // Brief generator (issue 14, helper E2): the country and Commission sections.
  briefSectionCountries: 'Ejemplos de países',
  briefSectionCommission: 'La Comisión de Consolidación de la Paz',
  seriesCreateTitle: 'Crear una serie',
  seriesCreateHint:
    'Una serie agrupa talleres (por ejemplo seis reuniones sobre un tema) y produce un borrador de documento de políticas a partir de todos sus informes.',
  seriesName: 'Nombre de la serie',
  seriesDescription: 'Descripción (abre la introducción del documento de políticas)',
  seriesCreate: 'Crear la serie',
  seriesReady: (name) => `La serie «${name}» está lista`,
  seriesLink: 'Página de la serie',
  seriesLinkHint:
    'Guarde este enlace: quien lo tenga puede ver todos los talleres de la serie y exportar el documento de políticas.',
  seriesNeedsAdmin: 'Este servidor necesita su token de administración para crear una serie.',
  seriesExists: 'Ya existe una serie con este nombre; use su enlace.',
  seriesFailed: 'Algo salió mal. Inténtelo de nuevo.',
  seriesPaper: 'Documento de políticas',
  seriesPaperHint:
    'Un borrador a partir de todos los talleres de abajo: introducción, un capítulo por taller, temas transversales y recomendaciones por actor.',
  // ---- Documento de políticas de una serie (issue 15) ----
  paperHint:
    'Generado a partir de todos los talleres de la serie: resumen ejecutivo, un capítulo por taller, temas transversales, ejemplos de países, lo que la serie pide a la Comisión de Consolidación de la Paz, recomendaciones por actor y el programa tal como se desarrolló. Quien tenga el enlace de la serie puede editarlo, sección por sección.',
  paperGenerate: 'Generar el borrador',
  paperRegenerate: 'Regenerar a partir de los talleres',
  paperGenerated: 'El borrador está al día con los talleres.',
  paperGeneratedKept: (n) =>
    n === 1
      ? 'Actualizado. Se conservó una sección editada: elija abajo si desea reemplazarla.'
      : `Actualizado. Se conservaron ${n} secciones editadas: elija abajo si desea reemplazarlas.`,
  paperEmpty: 'Aún no hay borrador: genérelo a partir de los talleres.',
  paperFailed: 'No se pudo cargar o guardar el documento. Inténtelo de nuevo.',
  paperWords: (n) => (n === 1 ? '1 palabra' : `${n.toLocaleString('es-ES')} palabras`),
  paperKeptTitle: (n) =>
    n === 1 ? 'Una sección se editó a mano' : `${n} secciones se editaron a mano`,
  paperKeptHint:
    'Las secciones editadas se conservan al regenerar. Marque aquellas cuyo texto regenerado debe reemplazar las ediciones.',
  paperReplaceLabel: (title) => `Reemplazar «${title}» por el texto regenerado`,
  paperNoChange: 'los talleres no aportan nada nuevo aquí; reemplazar solo desharía las ediciones',
  paperReplaceTicked: (n) =>
    n === 1 ? 'Regenerar reemplazando 1 sección' : `Regenerar reemplazando ${n} secciones`,
  paperEditedMark: 'editada',
  paperEdit: 'Editar',
  paperEditLabel: (title) => `Editar la sección «${title}»`,
  paperShow: 'Mostrar el texto',
  paperSave: 'Guardar',
  paperCancel: 'Cancelar',
  paperSaved: (title) => `«${title}» guardada.`,
  paperConflict:
    'Otra persona guardó esta sección después de que usted la abriera. Su versión está abajo; la suya sigue en el cuadro de arriba.',
  paperTheirVersion: 'Su versión',
  paperKeepMine: 'Guardar la mía encima',
  paperTakeTheirs: 'Quedarse con la suya',
  paperExportTitle: 'Exportar el documento',
  paperExportHint:
    'Cada exportación comprueba primero que el texto del documento no contiene nombres de participantes de los talleres de la serie; cada taller debe haber superado también su propia comprobación.',
  paperBlockedByWorkshop: (title) =>
    `El taller «${title}» aún tiene un posible nombre de participante pendiente. Su relator lo resuelve en el panel de exportación del taller; después exporte de nuevo el documento.`,
  seriesWorkshops: (n) => (n === 1 ? '1 taller' : `${n} talleres`),
  seriesRefresh: 'Actualizar',
  seriesEmpty: 'Todavía no hay talleres en esta serie.',
  seriesColWorkshop: 'Taller',
  seriesColState: 'Preguntas',
  seriesColParticipants: 'Participantes',
  seriesColIdeas: 'Ideas',
  seriesColBrief: 'Informe',
  seriesColActions: 'Acciones',
  seriesStateNotStarted: 'Sin empezar',
  seriesStateRunning: (done, total) => `${done} de ${total} cerradas`,
  seriesStateDone: 'Todas cerradas',
  seriesNoDraft: 'Aún sin borrador',
  seriesDraft: (sections, edited) =>
    edited === 0
      ? `Redactado (${sections} ${plural(sections, 'sección', 'secciones')})`
      : `Redactado, ${edited} de ${sections} ${plural(sections, 'sección editada', 'secciones editadas')}`,
  seriesRemove: 'Quitar',
  seriesRemoveLabel: (title) => `Quitar ${title} de la serie`,
  seriesRemoveConfirm: (title) => `¿Quitar «${title}» de la serie? El taller se conserva.`,
  seriesAttachLabel: 'Añadir un taller: pegue su enlace de facilitación',
  seriesAttachHint: 'Solo un enlace de facilitación permite añadir un taller; no se guarda.',
  seriesAttach: 'Añadir el taller',
  seriesAttachRefused: 'No es un enlace de facilitación de un taller de este servidor.',
  // Plan de la serie y página de la organización (issue 15, plan)
  seriesSettings: 'Ajustes de la serie',
  seriesSettingsHint:
    'Compartidos con sus talleres: un taller creado desde el plan toma el idioma, las instituciones coorganizadoras y las lentes; cada nota informativa y el documento de políticas agrupan las recomendaciones por grupo de actores.',
  seriesOrganisers:
    'Instituciones coorganizadoras, una por línea (la sede rota entre ellas en este orden)',
  seriesLanguage: 'Idioma de la serie (documento de políticas y nuevos talleres)',
  seriesLenses: 'Lentes de los nuevos talleres',
  seriesActorGroups: 'Grupos de actores de las recomendaciones',
  seriesActorGroupsHint:
    'Hasta cinco grupos, cada uno con las palabras que sitúan en él una recomendación. Sin grupos, se usan los de la nota informativa por defecto.',
  seriesGroupLabel: (n) => `Grupo ${n}: título`,
  seriesGroupMatch: (n) => `Grupo ${n}: palabras que sitúan aquí una recomendación (una por línea)`,
  seriesAddGroup: 'Añadir un grupo',
  seriesRemoveGroup: (n) => `Quitar el grupo ${n}`,
  seriesGroupIncomplete: 'Cada grupo necesita un título y al menos una palabra.',
  seriesSaveSettings: 'Guardar los ajustes',
  seriesSaved: 'Ajustes guardados.',
  planTitle: 'Plan de la serie',
  planHint:
    'Los temas en el orden previsto. La sede rota entre las instituciones coorganizadoras salvo que se elija a mano. El plan puede cambiar a lo largo de la serie; cada cambio se conserva en su historial.',
  planEmpty: 'Aún no hay ningún tema previsto. Añada el primero abajo.',
  planColNumber: 'N.º',
  planColTopic: 'Tema',
  planColDate: 'Fecha prevista',
  planColHost: 'Sede',
  planColStatus: 'Estado',
  planStatusPlanned: 'Previsto',
  planStatusScheduled: 'Programado',
  planStatusHeld: 'Celebrado',
  planStatusDropped: 'Descartado',
  planByRotation: 'por rotación',
  planNoHost: 'Aún sin sede',
  planNoDate: 'Aún sin fecha',
  planQuestions: (n) =>
    n === 0
      ? 'Ninguna pregunta prevista'
      : `${n} ${plural(n, 'pregunta prevista', 'preguntas previstas')}`,
  planMoveUp: (title) => `Subir «${title}»`,
  planMoveDown: (title) => `Bajar «${title}»`,
  planEdit: 'Editar',
  planEditLabel: (title) => `Editar «${title}»`,
  planCreateWorkshop: 'Crear el taller',
  planCreateLabel: (title) => `Crear el taller: «${title}»`,
  planNeedsQuestions: 'Prevea antes al menos una pregunta (Editar).',
  planCreated: (title) =>
    `El taller «${title}» está listo. Guarde estos enlaces ahora: no se vuelven a mostrar (se pueden crear otros más abajo).`,
  planMarkHeld: 'Marcar como celebrado',
  planMarkHeldLabel: (title) => `Marcar como celebrado: «${title}»`,
  planAllClosed: 'Todas sus preguntas están cerradas.',
  planFieldTitle: 'Tema',
  planFieldQuestions: 'Preguntas previstas (una por línea)',
  planFieldDate: 'Fecha prevista',
  planFieldHost: 'Sede (vacío: por rotación)',
  planFieldStatus: 'Estado',
  planAddTitle: 'Añadir un tema',
  planAdd: 'Añadir el tema',
  planSave: 'Guardar',
  planCancel: 'Cancelar',
  planHistory: (n) => `Historial del plan (${n} ${plural(n, 'cambio', 'cambios')})`,
  planChange: (change, topic, before, after) => {
    const none = '—';
    switch (change) {
      case 'added':
        return `«${topic}» añadido al plan`;
      case 'renamed':
        return `«${before ?? none}» pasa a llamarse «${after ?? none}»`;
      case 'questions':
        return `Preguntas previstas de «${topic}» modificadas`;
      case 'moved':
        return `«${topic}» pasa del puesto ${before ?? none} al puesto ${after ?? none}`;
      case 'dated':
        return `«${topic}»: fecha ${before ?? none} → ${after ?? none}`;
      case 'hosted':
        return `«${topic}»: sede ${before ?? 'por rotación'} → ${after ?? 'por rotación'}`;
      case 'status':
        return `«${topic}»: ${before ?? none} → ${after ?? none}`;
      case 'workshop':
        return `Taller creado para «${topic}»`;
      default:
        return `«${topic}» modificado`;
    }
  },
  seriesColNumber: 'N.º',
  seriesColJoin: 'Código de acceso',
  seriesBriefNone: 'Sin borrador',
  seriesBriefDraft: 'Borrador',
  seriesBriefChecked: 'Revisada',
  seriesBriefExported: 'Exportada',
  seriesBriefHint: {
    none: 'Aún no hay nota informativa redactada',
    draft: 'Redactada; la revisión de nombres tiene puntos abiertos',
    checked: 'Redactada; la revisión de nombres no tiene nada abierto',
    exported: 'Exportada tal como está',
  },
  seriesConsolidation: 'Consolidación',
  seriesNewLink: 'Nuevo enlace:',
  seriesNewFacilitatorLink: 'Nuevo enlace de facilitación',
  seriesNewRapporteurLink: 'Nuevo enlace de relatoría',
  seriesNewLinkLabel: (button, title) => `${button}: ${title}`,
  seriesLinkOnce: 'Se muestra una sola vez: cópielo ahora. Los enlaces anteriores siguen valiendo.',
  // Rounds, timer and ranks (issue 12, items 6 and 7)
  rankShared: (n) =>
    `empatada con ${n} ${plural(n, 'otra idea', 'otras ideas')}: mismos votos y mismos apoyos (primero la más antigua)`,
  rankAheadOnSupporters: (n) =>
    `más apoyos que ${n} ${plural(n, 'idea', 'ideas')} con los mismos votos`,
  rankBehindOnSupporters: (n) =>
    `menos apoyos que ${n} ${plural(n, 'idea', 'ideas')} con los mismos votos`,
  roundShortlist: (round, n) => `Ronda ${round} — preselección de ${n}`,
  roundAgain: 'Otra ronda',
  roundAgainTopN: 'Ideas de la próxima votación (las N primeras de esta ronda)',
  roundAgainStart: (n) => `Otra ronda con las ${n} primeras`,
  roundAgainHint:
    'La votación se reabre enseguida con la preselección; se conservan los resultados de esta ronda.',
  roundPickSummary: 'O elegir las ideas de la próxima ronda',
  roundPickStart: (n) => `Otra ronda con ${n} ${plural(n, 'idea elegida', 'ideas elegidas')}`,
  // Participant screen: phone ballot and own ideas (issue 12, items 3 and 10).
  othersIdeas: 'Ideas de los demás',
  ballotFind: 'Buscar una idea',
  ballotFindHint: 'Buscar una idea por una palabra…',
  ballotClear: 'Borrar',
  ballotNoMatch: (q) => `Ninguna idea contiene «${q}».`,
  ballotMatches: (n) => `${n} ${plural(n, 'resultado', 'resultados')}`,
  ballotDone: (n) =>
    n === 1 ? 'Listo: su punto está colocado' : `Listo: sus ${n} puntos están colocados`,
  ballotDoneHint: 'Para mover un punto, quítelo antes de una idea.',
  ballotOther: 'Otras ideas',
  ballotSectionDots: (n) => `${n} de sus puntos`,
  // Venue (issue 12 items 8, 9)
  joinTryAgainIn: (s) =>
    `Demasiados códigos erróneos desde esta red. Compruebe el código y vuelva a intentarlo en ${s} ${plural(s, 'segundo', 'segundos')}.`,
  myWorkshopsTitle: 'Talleres creados en este navegador',
  myWorkshopsHint:
    'Se guardan solo en este navegador, con sus enlaces. Quien use este navegador puede abrirlos, como desde su historial.',
  myWorkshopsNone: 'Ninguno todavía. Los talleres que cree aquí aparecen aquí, con sus enlaces.',
  showLinks: 'Mostrar enlaces',
  openAsFacilitator: 'Abrir como facilitación',
  opensNewTab: 'se abre en una pestaña nueva',
  createAnother: 'Crear otro taller',
  forgetWorkshop: 'Quitar de esta lista',
  forgetWorkshopConfirm: (title) =>
    `¿Quitar «${title}» de la lista de este navegador? El taller se conserva; guarde sus enlaces si los necesita.`,
  adminListHint: 'Para la administración del servidor: requiere el ADMIN_TOKEN del servidor.',
  adminListShow: 'Mostrar la lista',
  adminListWrongToken: 'Ese no es el token de administración de este servidor.',
  adminListClosed: 'Este servidor no tiene token de administración: no lista sus talleres.',
  createdTitleOf: (title) => `Su taller está listo: ${title}`,
  // Proyector a escala de sala (incidencia 12, puntos 1–2)
  pageOf: (n, total) => `Página ${n} de ${total}`,
  pageOfCounting: (n) => `Página ${n} de …`,
  wallMode: 'Muro del proyector, cuando las ideas no caben',
  wallModePage: 'Todas las ideas, página a página',
  wallModeNewest: 'Las más recientes, y cuántas quedan',
  ideasWithoutVotes: (n) => `+${n} ${plural(n, 'idea sin votos', 'ideas sin votos')}`,
  shortlistOf: (n) => `sobre una preselección de ${n} ${plural(n, 'idea', 'ideas')}`,
  // Puntos de debate (tarea 13, ayudante B)
  contested: 'Opiniones divididas',
  contestAction: 'Opiniones divididas…',
  contestActionFor: (subject) => `Opiniones divididas: ${subject}`,
  contestNoteLabel: 'Posiciones, en una línea (sin nombres)',
  contestNotePlaceholder: 'p. ej. unos querían un fondo común, otros fondos por país',
  contestMark: 'Marcar: opiniones divididas',
  contestUnmark: 'Quitar la marca',
  contestedCount: (n) =>
    `${n} ${plural(n, 'elemento con opiniones divididas', 'elementos con opiniones divididas')}`,
  pointsOfDebate: 'Puntos de debate',
  pointsOfDebateHint:
    'Dónde las opiniones se dividieron y las posiciones expresadas, sin nombres. Compartido en directo con las demás personas de relatoría.',
  // Issue 14 (brief data)
  briefDetailsTitle: 'Datos de la nota',
  briefDetailsOptional: 'Datos para la nota de la reunión (opcional)',
  briefDetailsHint:
    'Lo que la nota de la reunión dice de este taller. Los participantes nunca ven la lista de nombres.',
  fieldBriefLanguage: 'Idioma de la nota',
  fieldOrganisers: 'Coorganizadores (uno por línea)',
  fieldSeriesNumber: 'Número de este taller en su serie',
  participantTypesLegend: 'Participantes por categoría (solo cifras)',
  typeMemberStates: 'Estados miembros',
  typeUnSystem: 'Sistema de las Naciones Unidas',
  typeResearch: 'Investigación',
  typeCivilSociety: 'Sociedad civil',
  typeOther: 'Otros',
  fieldContext: 'Párrafo de contexto',
  fieldParticipantList:
    'Nombres esperados en la sala (uno por línea; se comprueban antes de exportar, nunca se exportan)',
  fieldShortTitle: (n) => `Título corto de la pregunta ${n} (encabezado de sección)`,
  saveDetails: 'Guardar los datos de la nota',
  detailsSaved: 'Datos de la nota guardados.',
  detailsFailed: (why) => `No se pudieron guardar los datos de la nota: ${why}`,
  detailsLoadFailed: 'No se pudieron cargar los datos de la nota.',
  notAName: 'No es el nombre de un participante',
  notANameLabel: (match, where) => `No es el nombre de un participante: «${match}», ${where}`,
  decisionsTitle: (n) =>
    `${n} ${plural(n, 'coincidencia marcada', 'coincidencias marcadas')} «no es el nombre de un participante»`,
  decisionStale: 'ya no se aplica: el texto de alrededor cambió',
  withdrawDecision: 'Retirar',
  withdrawDecisionLabel: (match) => `Retirar: «${match}» no es un nombre`,
  exportWaits: (n) =>
    n === 1
      ? 'La exportación espera a que este lugar se sustituya o se marque «no es el nombre de un participante».'
      : `La exportación espera a que cada uno de estos ${n} lugares se sustituya o se marque «no es el nombre de un participante».`,
  resultsAnnexTitle: 'Anexo de resultados, para los organizadores (votos, rondas, método)',
  exportResultsMd: 'Anexo (Markdown)',
  exportResultsDocx: 'Anexo (Word)',
  exportResultsCsv: 'Anexo (CSV)',
  // Enfoques (ticket 13)
  lensCountries: 'Ejemplos de países',
  lensPbc: 'Papel de la Comisión de Consolidación de la Paz',
  pbcShort: 'CCP',
  tagsOptional: 'Etiquetas (opcional)',
  tags: 'Etiquetas',
  tagsOf: (text) => `Etiquetas: ${text}`,
  addCountry: 'Añadir un país',
  countryHint: 'Un nombre en español, inglés o francés, o una sigla como RDC',
  noCountryFound: 'Ningún país coincide',
  suggestedFromText: 'Su texto menciona:',
  tagCountry: (name) => `Etiquetar ${name}`,
  removeTag: (name) => `Quitar ${name}`,
  tagSelected: (n) =>
    n === 1 ? 'Etiquetar la idea seleccionada' : `Etiquetar las ${n} ideas seleccionadas`,
  tagOnSome: (name) => `${name} (parte de las ideas seleccionadas)`,
  filterShow: 'Mostrar',
  filterAll: 'Todas las ideas',
  filterUntagged: 'Ideas sin etiquetas',
  filterCount: (label, n) => `${label} (${n})`,
  showingOf: (shown, total) => `${shown} de ${total} ${plural(total, 'idea', 'ideas')}`,
  lenses: 'Enfoques',
  lensesHint:
    'Formas de etiquetar las ideas. Cada participante puede etiquetar las suyas; la facilitación y los relatores, todas.',
  customLensName: 'Nombre del enfoque',
  customLensValues: 'Valores (uno por línea)',
  addLens: 'Añadir un enfoque',
  removeLens: (name) => `Quitar el enfoque ${name}`,
  saveLenses: 'Guardar los enfoques',
  lensesSaved: 'Enfoques guardados.',
  lensIncomplete: 'Cada enfoque necesita un nombre y al menos un valor.',
  // Sesión de consolidación (issue 15, consol).
  originsLabel: 'Retomada de',
  originFrom: (n, topic) => (n === null ? `De: ${topic}` : `Del taller ${n} · ${topic}`),
  originShort: (n, topic) => (n === null ? topic : `T${n} · ${topic}`),
  consolTitle: 'Sesión de consolidación',
  consolHint:
    'Un taller que retoma las ideas con más apoyo de cada taller celebrado, cada una marcada con el taller del que procede. La sala las afina, las agrupa y vota como en cualquier taller; su clasificación se convierte en las recomendaciones del documento de política.',
  consolBasisPlan: 'Talleres celebrados: los temas marcados como celebrados en el plan.',
  consolBasisWorkshops:
    'Todavía no hay plan: cuenta como celebrado cada taller de la serie con preguntas cerradas.',
  consolNothing: 'Ningún taller celebrado tiene todavía ideas que retomar.',
  consolHow: 'Qué ideas',
  consolModeTop: 'Las ideas con más apoyo de cada pregunta',
  consolModePick: 'Las ideas que elijo de las clasificaciones',
  consolPerQuestion: 'Ideas por pregunta',
  consolWillCarry: (n) => `${n} ${plural(n, 'idea se retomará', 'ideas se retomarán')}`,
  consolPicked: (n) => `${n} ${plural(n, 'idea elegida', 'ideas elegidas')}`,
  consolSessionTitle: 'Título (opcional)',
  consolDate: 'Fecha (opcional)',
  consolCreate: 'Crear la sesión de consolidación',
  consolCreated: (n) =>
    `Sesión de consolidación creada con ${n} ${plural(n, 'idea', 'ideas')}. Guarde estos enlaces: solo se muestran una vez.`,
  consolFailed: 'No se pudo crear la sesión de consolidación.',
  consolWorkshop: (n, topic) => (n === null ? topic : `Taller ${n}: ${topic}`),
  consolRank: (rank, votes) => `n.º ${rank} · ${votes} ${plural(votes, 'punto', 'puntos')}`,
  consolSessions: 'Sesiones creadas',
  consolSessionLine: (code, ideas) => `Código ${code} · ${ideas} ${plural(ideas, 'idea', 'ideas')}`,
};
