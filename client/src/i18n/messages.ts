import type { Phase } from '@convene/shared';

/**
 * Every string the UI shows. English is the source; `fr.ts` and `es.ts` follow the same shape
 * (the compiler refuses a missing key). Screens read the active dictionary through `t`.
 */
export const en = {
  language: 'Language',
  appName: 'Convene',
  tagline: 'Concrete ideas from the room, captured, clustered and prioritised live.',
  loading: 'Loading…',
  loadFailed: 'This page could not be loaded. Check the connection and reload.',
  reload: 'Reload',
  panelFailed: 'This part could not be shown.',
  retry: 'Try again',
  connecting: 'Connecting…',
  offline: 'Offline — reconnecting. Nothing you have written is lost.',
  // Offline reload (service worker and kept board)
  offlineKept: (time: string) =>
    `Offline — showing the board as it was at ${time}. Reconnecting; nothing you write is lost.`,
  linkInvalid: 'This link is not valid (any more). Ask the facilitator for a new one.',
  changeTooLarge:
    'Your last change was not kept: it made a text or the board larger than allowed. Reload to go on with what was saved.',
  changeRefused:
    'Your last change was not kept: it could not be read or touched a part of the board only Convene writes. Reload to go on with what was saved.',
  copy: 'Copy',
  copied: 'Copied',
  open: 'Open',
  participantsConnected: (n: number) =>
    n === 1 ? '1 participant connected' : `${n} participants connected`,
  ideasCount: (n: number) => (n === 1 ? '1 idea' : `${n} ideas`),
  joinAt: 'Join at',
  qrAlt: (url: string) => `QR code to join: ${url}`,
  joinCode: 'Join code',
  question: 'Question',
  questionOf: (i: number, n: number) => `Question ${i} of ${n}`,
  noIdeasYet: 'No ideas yet.',
  actor: 'Who should act',
  nextStep: 'First step',
  phase: {
    lobby: 'Not started',
    submit: 'Collecting ideas',
    cluster: 'Clustering',
    vote: 'Voting',
    results: 'Results',
    closed: 'Closed',
  } satisfies Record<Phase, string>,
  // Home
  organiser: 'Organiser',
  createTitle: 'Create a workshop',
  fieldTitle: 'Title',
  fieldSeries: 'Series (optional)',
  fieldHost: 'Host (optional)',
  fieldDate: 'Date',
  fieldDuration: 'Duration (minutes)',
  fieldQuestions: 'Questions',
  fieldPrompt: (i: number) => `Question ${i}`,
  fieldPlanned: 'Minutes',
  plannedTotal: (planned: number, duration: number) =>
    duration
      ? `Planned: ${planned} of ${duration} ${duration === 1 ? 'minute' : 'minutes'}${planned > duration ? ' — more than the workshop lasts' : ''}`
      : `Planned: ${planned} ${planned === 1 ? 'minute' : 'minutes'}`,
  addQuestion: 'Add a question',
  removeQuestion: (i: number) => `Remove question ${i}`,
  moveUp: (i: number) => `Move question ${i} up`,
  moveDown: (i: number) => `Move question ${i} down`,
  fieldChatham: 'Held under the Chatham House Rule (names are never shown or exported)',
  fieldBudget: 'Dots per participant',
  fieldMaxPerIdea: 'Most dots on one idea',
  fieldAdminToken: 'Admin token (this server requires one)',
  create: 'Create workshop',
  creating: 'Creating…',
  createdHint:
    'Keep these links: each opens one role. Anyone with the facilitator or rapporteur link can run or export the workshop.',
  linkFacilitator: 'Facilitator',
  linkParticipant: 'Participants',
  linkProjector: 'Projector',
  linkSeries: 'Series',
  seriesNotJoined: (name: string) =>
    `A series called “${name}” exists already and this browser does not hold its link, so the workshop was not added to it. Open the series link and attach it from there.`,
  linkRapporteur: 'Rapporteur',
  serverWorkshops: 'Workshops on this server',
  noWorkshops: 'None yet.',
  // Participant
  joinTitle: 'Join a workshop',
  joinCodeLabel: 'Join code',
  nameLabel: 'Your name (optional)',
  nameHint:
    'Under the Chatham House Rule your name is never shown to others or included in any record of the meeting.',
  join: 'Join',
  joining: 'Joining…',
  unknownCode: 'No workshop has this code. Check it on the projector.',
  waitingToStart: 'The facilitator will open this question shortly.',
  doClustering: 'The facilitator is grouping the ideas into themes.',
  doVote: 'Place your dots on the ideas you support most.',
  doResults: 'Here is what the room prioritised.',
  submitOpen: 'Write one concrete idea at a time.',
  notCollecting: 'Submissions are closed for this question.',
  yourIdea: 'Your idea',
  actorHint: 'e.g. the Security Council, the PBC, Member States',
  nextStepHint: 'What could happen next week?',
  submit: 'Submit idea',
  charsLeft: (n: number) => (n === 1 ? '1 character left' : `${n} characters left`),
  yourIdeas: 'Your ideas',
  sending: 'Sending…',
  saved: 'Saved',
  failed: 'Not saved',
  waiting: 'Waiting for the network',
  waitingReveal: 'Saved — shown when the facilitator reveals',
  withdrawn: 'Withdrawn',
  moderated: 'Hidden by the facilitator',
  mergedWithOther: 'Merged with a similar idea',
  ideasSoFar: 'Ideas from the room',
  // Facilitator
  agenda: 'Agenda',
  controls: 'Controls',
  links: 'Links',
  setPhase: 'Phase of the current question',
  makeCurrent: 'Make current',
  current: 'Current',
  minutes: (n: number) => `${n} min`,
  openProjector: 'Open projector',
  makeLink: (label: string) => `Make a ${label.toLowerCase()} link`,
  fullScreen: 'Full screen (F)',
  spotlight: 'Spotlight',
  lightTheme: 'Light theme',
  // Timer
  timeLeft: 'Time left',
  timerPaused: 'Paused',
  timeUp: "Time's up",
  timer: 'Timer',
  timerMinutes: 'Minutes',
  timerStart: 'Start',
  timerPause: 'Pause',
  timerResume: 'Resume',
  timerStop: 'Stop',
  timerAddMinute: '+1 min',
  timerRemoveMinute: '−1 min',
  timerAutoAdvance: 'Move to the next phase when time runs out',
  // Modes and moderation
  submissionMode: 'Submissions',
  modeOpen: 'Open: ideas appear live',
  modeHidden: 'Hidden: each sees only their own until revealed',
  reveal: (n: number) => `Reveal ${n} hidden idea${n === 1 ? '' : 's'}`,
  hiddenWaiting: (n: number) =>
    n === 1 ? '1 idea is waiting to be revealed' : `${n} ideas are waiting to be revealed`,
  hide: 'Hide',
  hideReason: 'Why hide this idea? (kept for the record)',
  restore: 'Restore',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  withdraw: 'Withdraw',
  mergeInto: 'Merge into…',
  merged: (n: number) => (n === 1 ? '1 duplicate merged' : `${n} duplicates merged`),
  // Clustering
  clustering: 'Clustering',
  newCluster: 'New cluster',
  clusterLabel: 'Cluster name',
  untitledCluster: 'Untitled cluster',
  unclustered: 'Not clustered yet',
  // Projector wall too full to show every idea legibly
  moreIdeas: (n: number) =>
    n === 1
      ? '+1 more idea — cluster them to see all'
      : `+${n} more ideas — cluster them to see all`,
  moreInCluster: (n: number) => `+${n} more`,
  moreClusters: (n: number) => (n === 1 ? '+1 more cluster' : `+${n} more clusters`),
  moveTo: 'Move to',
  deleteCluster: 'Delete cluster',
  mergeCluster: 'Merge into…',
  undo: 'Undo',
  redo: 'Redo',
  clusterOf: (label: string, n: number) => `${label} (${n})`,
  // Clustering board (issue 12, item 4): selection, moves, drag announcements
  boardPool: (n: number) => (n === 1 ? 'Not clustered yet (1)' : `Not clustered yet (${n})`),
  boardThemes: (n: number) => (n === 1 ? '1 cluster' : `${n} clusters`),
  selectIdea: 'Select',
  selectedCount: (n: number) => (n === 1 ? '1 idea selected' : `${n} ideas selected`),
  moveSelectedTo: 'Move selected to',
  clearSelection: 'Clear selection',
  newClusterFromSelection: 'Make a cluster of the selection',
  newClusterOption: '+ New cluster',
  dragHandle: (text: string) => `Drag: ${text}`,
  dragInstructions:
    'To pick up an idea, press Space or Enter. Use the arrow keys to move it over a cluster, Space or Enter to drop it, Escape to cancel. Or choose a cluster in its “Move to” list and press Enter.',
  dragPicked: (text: string) => `Picked up: ${text}`,
  dragOver: (text: string, target: string) => `${text} is over ${target}`,
  dragCancelled: (text: string) => `Not moved: ${text}`,
  movedTo: (n: number, target: string) =>
    n === 1 ? `1 idea moved to ${target}` : `${n} ideas moved to ${target}`,
  madeCluster: (n: number) =>
    n === 1 ? 'New cluster made with 1 idea' : `New cluster made with ${n} ideas`,
  undone: 'Undone',
  redone: 'Redone',
  moreActions: (text: string) => `More actions: ${text}`,
  // Merge picker (issue 12, item 10)
  mergeShort: 'Merge…',
  mergeSearchPlaceholder: 'Type words of the other idea',
  mergeNoMatch: 'No idea matches',
  mergeMatches: (n: number) => (n === 1 ? '1 idea matches' : `${n} ideas match`),
  // Clustering help (issue 13, section 2; helper D): suggestions that never move a card
  senseHelp: 'Clustering help',
  senseHelpNote: 'Suggestions only: nothing moves until you choose.',
  senseNoClusters:
    'No clusters yet: drop one idea on another, make a “New cluster”, or accept a suggested group.',
  senseWorkingOn: (label: string) => `Working on: ${label}`,
  sensePickCluster: 'Click or tab into a cluster to see the ideas that may belong there.',
  senseMayBelong: 'May belong here',
  senseMayBelongNone: 'No unclustered idea looks close to this cluster.',
  senseAdd: 'Add',
  senseAddTo: (label: string, text: string) => `Add to ${label}: ${text}`,
  senseNameSuggestion: 'Suggested name',
  senseUseName: 'Use this name',
  senseUseNameFor: (name: string, label: string) => `Use this name for ${label}: “${name}”`,
  senseRenamed: (name: string) => `Cluster renamed “${name}”`,
  senseDuplicates: 'Possible duplicates',
  senseMerge: 'Merge',
  senseMergePair: (from: string, into: string) => `Merge “${from}” into “${into}”`,
  senseNotSame: 'Not the same',
  senseNotSameLabel: (text: string) => `Not the same: ${text}`,
  senseMorePairs: (n: number) => (n === 1 ? 'Show 1 more pair' : `Show ${n} more pairs`),
  senseFewerPairs: 'Show fewer pairs',
  senseMergedPair: 'Duplicates merged: both texts are kept, dots are added up.',
  senseSuggest: 'Suggest groups',
  senseSuggestAgain: 'Suggest again',
  senseLoading: 'Looking for suggestions…',
  senseGroups: (n: number) => (n === 1 ? '1 suggested group' : `${n} suggested groups`),
  senseGroupsNone: 'No group to suggest among the unclustered ideas.',
  senseGroupName: 'Name of the suggested group',
  senseInclude: (text: string) => `Include: ${text}`,
  senseAccept: (n: number) => (n === 1 ? 'Accept (1 idea)' : `Accept (${n} ideas)`),
  senseAcceptLabel: (name: string, n: number) =>
    n === 1 ? `Accept (1 idea): “${name}”` : `Accept (${n} ideas): “${name}”`,
  // Clustering help, a suggestion added to the cluster worked on (issue 13; helper sense2)
  senseAddInto: (label: string, n: number) =>
    n === 1 ? `Add 1 idea to ${label}` : `Add ${n} ideas to ${label}`,
  senseAddIntoLabel: (name: string, label: string, n: number) =>
    n === 1
      ? `Add 1 idea to ${label} (suggestion “${name}”)`
      : `Add ${n} ideas to ${label} (suggestion “${name}”)`,
  senseAddedInto: (label: string, n: number) =>
    n === 1 ? `1 idea added to “${label}”` : `${n} ideas added to “${label}”`,
  senseDismiss: 'Dismiss',
  senseDismissLabel: (name: string) => `Dismiss the suggestion “${name}”`,
  senseAccepted: (name: string, n: number) =>
    n === 1 ? `Cluster “${name}” made with 1 idea` : `Cluster “${name}” made with ${n} ideas`,
  senseUnavailable: 'Suggestions are not available right now.',
  similarOnBoard: 'Similar ideas on the board — add yours if it says something different',
  // Voting
  voting: 'Voting',
  dotsLeft: (n: number) => (n === 1 ? '1 dot left' : `${n} dots left`),
  addDot: 'Add a dot',
  removeDot: 'Remove a dot',
  yourDots: (n: number) => (n === 1 ? '1 dot' : `${n} dots`),
  voteProgress: (done: number, total: number) =>
    `${done} of ${total} ${done === 1 ? 'has' : 'have'} used all their dots`,
  voteStarted: (n: number) =>
    n === 1 ? '1 person has started voting' : `${n} people have started voting`,
  voteSecret: 'Votes are secret until the results are shown.',
  voteSettings: 'Next voting round',
  budget: 'Dots per person',
  maxPerIdea: 'Most dots on one idea',
  topN: 'Only the top N of the last round (empty: all ideas)',
  saveSettings: 'Save settings',
  round: (n: number) => `Round ${n}`,
  results: 'Results',
  votesCount: (n: number) => (n === 1 ? '1 vote' : `${n} votes`),
  clusterTotals: 'Clusters',
  submittedCount: (n: number) =>
    n === 1 ? '1 person has submitted' : `${n} people have submitted`,
  plannedActual: (planned: number | null, actual: number) =>
    planned ? `${actual} of ${planned} min` : `${actual} min`,
  // Rapporteur
  notes: 'Notes',
  notesHint: 'Shared with the other rapporteurs as you type.',
  exportFailed: 'The export failed.',
  // Brief
  tabBoard: 'Board and notes',
  tabBrief: 'Brief',
  rapporteurViews: 'Rapporteur views',
  exportTitle: 'Export',
  exportDocx: 'Word (.docx)',
  exportMd: 'Markdown',
  exportHtml: 'Web page (print to PDF)',
  exportCsv: 'Ideas (CSV)',
  exportJsonArchive: 'Archive (JSON)',
  exportHint:
    'The brief is exported as drafted below; sections never generated come from the board.',
  exportHintChatham:
    'Held under the Chatham House Rule: each export first checks ideas, notes and the draft for participants’ names.',
  exportNow: (format: string) => `Download ${format}`,
  nameCheckRun: 'Check for names',
  nameCheckTitle: 'Participants’ names in the texts',
  nameCheckBefore: (format: string) =>
    `Before the ${format} export: participants’ names in the texts`,
  nameCheckClean: (n: number) =>
    n === 0
      ? 'No participant gave a name, and no name-like reference (“as … said”, @handles) is open.'
      : `No name of the ${n === 1 ? 'participant' : `${n} participants`} appears in ideas, notes or the draft.`,
  nameCheckFound: (n: number) =>
    n === 1
      ? '1 place may name a participant. Under the Chatham House Rule, replace it with “a participant”, or mark it if it names nobody in the room.'
      : `${n} places may name a participant. Under the Chatham House Rule, replace each with “a participant”, or mark it if it names nobody in the room.`,
  nameMayBe: (names: string) => `May refer to ${names}`,
  nameCheckAgain: 'Check again',
  nameCheckFailed: 'The name check could not run. Try again.',
  redactOne: 'Replace with “a participant”',
  redactOneLabel: (match: string, where: string) =>
    `Replace with “a participant”: “${match}”, ${where}`,
  redacted: (n: number) => (n === 1 ? '1 name replaced.' : `${n} names replaced.`),
  notRedactable: 'Change it in the workshop settings',
  renderedOnly: 'Shown only in the exported brief: check the draft and notes around it',
  nameCandidatesLegend: 'Names found: tick those that name a participant',
  nameCandidatesHint:
    'Only the names you confirm are replaced. A word that merely looks like a name (“Local”, “Will”) stays as written.',
  nameCandidate: (name: string, n: number) => `${name} (${n === 1 ? '1 place' : `${n} places`})`,
  redactConfirmed: (n: number) =>
    n === 0
      ? 'Replace confirmed names'
      : n === 1
        ? 'Replace 1 confirmed place with “a participant”'
        : `Replace ${n} confirmed places with “a participant”`,
  nameCheckMore: (shown: number, total: number) =>
    `The first ${shown} of ${total} places are listed; confirming a name replaces all of its places.`,
  redactSkipped: (n: number) =>
    n === 1
      ? '1 place was being edited and was left as it is: check again.'
      : `${n} places were being edited and were left as they are: check again.`,
  redactUndo: (n: number) =>
    n === 1 ? 'Undo the last replacement (1 place)' : `Undo the last replacement (${n} places)`,
  unredacted: (restored: number, skipped: number) =>
    `${restored === 1 ? '1 name put back' : `${restored} names put back`}${skipped > 0 ? `; ${skipped} left as “a participant” because the text around them changed` : ''}.`,
  close: 'Close',
  briefGenerate: 'Generate the draft',
  briefGenerateHint: 'Drafts every section from the board: ideas, themes, votes and your notes.',
  briefUpdate: 'Update from the board',
  briefUpdateHint:
    'Sections nobody edited are brought up to date; edited sections are kept until you decide.',
  briefWorking: 'Working…',
  briefFailed: 'The draft could not be generated. Try again.',
  briefCreated: (n: number) => (n === 1 ? '1 section drafted' : `${n} sections drafted`),
  briefUpdated: (n: number) => (n === 1 ? '1 section updated' : `${n} sections updated`),
  briefKept: (n: number) => (n === 1 ? '1 edited section kept' : `${n} edited sections kept`),
  briefUpToDate: 'Everything is up to date with the board',
  briefDecisionChanged:
    'The board has changed since this section was generated, and it has been edited. Take the regenerated text (your edits to this section are discarded) or keep your edits?',
  briefDecisionSame:
    'The board has not changed since this section was generated: regenerating would only discard the edits made to it. Restore the generated text, or keep your edits?',
  briefShowRegenerated: 'Show the regenerated text',
  briefRestore: 'Restore the generated text',
  briefReplace: 'Replace with the regenerated text',
  briefKeep: 'Keep my edits',
  briefRegenerate: 'Regenerate',
  briefRegenerateSection: (section: string) => `Regenerate ${section} from the board`,
  briefEdited: 'Edited',
  briefAsGenerated: 'As generated',
  briefEmpty:
    'No draft yet. Generate it once the questions have results; you can regenerate it at any time.',
  briefFormatHint:
    'Shared with the other rapporteurs as you type. ## and ### make headings, - a bullet, 1. a numbered item, > the boxed note, **bold** and *italic*.',
  briefPreview: 'Preview',
  briefTablesNote:
    'The annex table of every idea with its votes per round is added from the board at export.',
  briefSectionHeader: 'Title and conveners',
  briefSectionOpening: 'Opening',
  briefSectionTakeaways: 'Key takeaways',
  briefSectionRecommendations: 'Recommendations',
  briefSectionAnnex: 'Annex',
  // Brief generator (issue 14, helper E2): the country and Commission sections.
  briefSectionCountries: 'Country examples',
  briefSectionCommission: 'The Peacebuilding Commission',
  seriesCreateTitle: 'Create a series',
  seriesCreateHint:
    'A series groups workshops (for example six meetings on one theme) and produces one policy-paper draft from all their briefs.',
  seriesName: 'Name of the series',
  seriesDescription: 'Description (opens the introduction of the policy paper)',
  seriesCreate: 'Create series',
  seriesReady: (name: string) => `The series “${name}” is ready`,
  seriesLink: 'Series page',
  seriesLinkHint:
    'Keep this link: whoever has it can see every workshop of the series and export the policy paper.',
  seriesNeedsAdmin: 'This server needs its admin token to create a series.',
  seriesExists: 'A series with this name exists already; use its link.',
  seriesFailed: 'Something went wrong. Try again.',
  seriesPaper: 'Policy paper',
  seriesPaperHint:
    'A draft from every workshop below: an introduction, a chapter per workshop, cross-cutting themes and recommendations by actor.',
  // ---- Policy paper of a series (issue 15, paper slice) ----
  paperHint:
    'Generated from every workshop of the series: an executive summary, a chapter per workshop, cross-cutting themes, country examples, what the series asks of the Peacebuilding Commission, recommendations by actor and the plan as held. Anyone with the series link can edit it, section by section.',
  paperGenerate: 'Generate the draft',
  paperRegenerate: 'Regenerate from the workshops',
  paperGenerated: 'The draft is up to date with the workshops.',
  paperGeneratedKept: (n: number) =>
    n === 1
      ? 'Updated. One edited section was kept: choose below whether to replace it.'
      : `Updated. ${n} edited sections were kept: choose below whether to replace them.`,
  paperEmpty: 'No draft yet: generate it from the workshops.',
  paperFailed: 'The policy paper could not be loaded or saved. Try again.',
  paperWords: (n: number) => (n === 1 ? '1 word' : `${n.toLocaleString('en-GB')} words`),
  paperKeptTitle: (n: number) =>
    n === 1 ? 'One section was edited by hand' : `${n} sections were edited by hand`,
  paperKeptHint:
    'Edited sections are kept when the draft is regenerated. Tick those whose regenerated text should replace the edits.',
  paperReplaceLabel: (title: string) => `Replace “${title}” with the regenerated text`,
  paperNoChange: 'the workshops say nothing new here; replacing would only undo the edits',
  paperReplaceTicked: (n: number) =>
    n === 1 ? 'Regenerate, replacing 1 section' : `Regenerate, replacing ${n} sections`,
  paperEditedMark: 'edited',
  paperEdit: 'Edit',
  paperEditLabel: (title: string) => `Edit the section “${title}”`,
  paperShow: 'Show the text',
  paperSave: 'Save',
  paperCancel: 'Cancel',
  paperSaved: (title: string) => `“${title}” saved.`,
  paperConflict:
    'Someone else saved this section after you opened it. Their version is below; yours is still in the box above.',
  paperTheirVersion: 'Their version',
  paperKeepMine: 'Save mine over theirs',
  paperTakeTheirs: 'Keep theirs',
  paperExportTitle: 'Export the paper',
  paperExportHint:
    'Each export first checks the paper’s text for the names of the participants of every workshop of the series; each workshop must also have passed its own check.',
  paperBlockedByWorkshop: (title: string) =>
    `The workshop “${title}” has a possible participant’s name still open. Its rapporteur resolves it in the workshop’s export panel; then export the paper again.`,
  seriesWorkshops: (n: number) => (n === 1 ? '1 workshop' : `${n} workshops`),
  seriesRefresh: 'Refresh',
  seriesEmpty: 'No workshop in this series yet.',
  seriesColWorkshop: 'Workshop',
  seriesColState: 'Questions',
  seriesColParticipants: 'Participants',
  seriesColIdeas: 'Ideas',
  seriesColBrief: 'Brief',
  seriesColActions: 'Actions',
  seriesStateNotStarted: 'Not started',
  seriesStateRunning: (done: number, total: number) => `${done} of ${total} closed`,
  seriesStateDone: 'All closed',
  seriesNoDraft: 'No draft yet',
  seriesDraft: (sections: number, edited: number) =>
    edited === 0
      ? `Drafted (${sections === 1 ? '1 section' : `${sections} sections`})`
      : `Drafted, ${edited} of ${sections} ${sections === 1 ? 'section' : 'sections'} edited`,
  seriesRemove: 'Remove',
  seriesRemoveLabel: (title: string) => `Remove ${title} from the series`,
  seriesRemoveConfirm: (title: string) =>
    `Remove “${title}” from the series? The workshop itself is kept.`,
  seriesAttachLabel: 'Add a workshop: paste its facilitator link',
  seriesAttachHint: 'Only a facilitator link adds a workshop; it is not stored.',
  seriesAttach: 'Add workshop',
  seriesAttachRefused: 'That is not a facilitator link of a workshop on this server.',
  // Series plan and organisers' page (issue 15, plan slice)
  seriesSettings: 'Settings of the series',
  seriesSettingsHint:
    'Shared with its workshops: a workshop created from the plan takes the language, the co-organisers and the lenses; every brief and the paper group recommendations by the actor groups.',
  seriesOrganisers: 'Co-organisers, one per line (hosting rotates among them in this order)',
  seriesLanguage: 'Language of the series (the paper and new workshops)',
  seriesLenses: 'Lenses of new workshops',
  seriesActorGroups: 'Actor groups of the recommendations',
  seriesActorGroupsHint:
    'Up to five groups, each with the words that place a recommendation in it. Without groups, the brief’s default groups are used.',
  seriesGroupLabel: (n: number) => `Group ${n}: heading`,
  seriesGroupMatch: (n: number) =>
    `Group ${n}: words that place a recommendation here (one per line)`,
  seriesAddGroup: 'Add a group',
  seriesRemoveGroup: (n: number) => `Remove group ${n}`,
  seriesGroupIncomplete: 'Each group needs a heading and at least one word.',
  seriesSaveSettings: 'Save settings',
  seriesSaved: 'Settings saved.',
  planTitle: 'Plan of the series',
  planHint:
    'Topics in the order they are to be held. Hosts rotate among the co-organisers unless one is set by hand. The plan can change as the series goes on; every change is kept in its history.',
  planEmpty: 'No topic planned yet. Add the first one below.',
  planColNumber: 'No.',
  planColTopic: 'Topic',
  planColDate: 'Planned date',
  planColHost: 'Host',
  planColStatus: 'Status',
  planStatusPlanned: 'Planned',
  planStatusScheduled: 'Scheduled',
  planStatusHeld: 'Held',
  planStatusDropped: 'Dropped',
  planByRotation: 'by rotation',
  planNoHost: 'No host yet',
  planNoDate: 'No date yet',
  planQuestions: (n: number) =>
    n === 0 ? 'No question planned' : n === 1 ? '1 question planned' : `${n} questions planned`,
  planMoveUp: (title: string) => `Move “${title}” up`,
  planMoveDown: (title: string) => `Move “${title}” down`,
  planEdit: 'Edit',
  planEditLabel: (title: string) => `Edit “${title}”`,
  planCreateWorkshop: 'Create workshop',
  planCreateLabel: (title: string) => `Create workshop: “${title}”`,
  planNeedsQuestions: 'Plan at least one question first (Edit).',
  planCreated: (title: string) =>
    `The workshop “${title}” is ready. Keep these links now: they are not shown again (new ones can be made below).`,
  planMarkHeld: 'Mark as held',
  planMarkHeldLabel: (title: string) => `Mark as held: “${title}”`,
  planAllClosed: 'All its questions are closed.',
  planFieldTitle: 'Topic',
  planFieldQuestions: 'Planned questions (one per line)',
  planFieldDate: 'Planned date',
  planFieldHost: 'Host (empty: by rotation)',
  planFieldStatus: 'Status',
  planAddTitle: 'Add a topic',
  planAdd: 'Add topic',
  planSave: 'Save',
  planCancel: 'Cancel',
  planHistory: (n: number) =>
    n === 1 ? 'History of the plan (1 change)' : `History of the plan (${n} changes)`,
  planChange: (change: string, topic: string, before: string | null, after: string | null) => {
    const none = '—';
    switch (change) {
      case 'added':
        return `“${topic}” added to the plan`;
      case 'renamed':
        return `“${before ?? none}” renamed “${after ?? none}”`;
      case 'questions':
        return `Planned questions of “${topic}” changed`;
      case 'moved':
        return `“${topic}” moved from place ${before ?? none} to place ${after ?? none}`;
      case 'dated':
        return `“${topic}”: date ${before ?? none} → ${after ?? none}`;
      case 'hosted':
        return `“${topic}”: host ${before ?? 'by rotation'} → ${after ?? 'by rotation'}`;
      case 'status':
        return `“${topic}”: ${before ?? none} → ${after ?? none}`;
      case 'workshop':
        return `Workshop created for “${topic}”`;
      default:
        return `“${topic}” changed`;
    }
  },
  seriesColNumber: 'No.',
  seriesColJoin: 'Join code',
  seriesBriefNone: 'No draft',
  seriesBriefDraft: 'Draft',
  seriesBriefChecked: 'Checked',
  seriesBriefExported: 'Exported',
  seriesBriefHint: {
    none: 'No brief drafted yet',
    draft: 'Drafted; the name check has open findings',
    checked: 'Drafted; the name check has nothing open',
    exported: 'Exported as it stands',
  },
  seriesConsolidation: 'Consolidation',
  seriesNewLink: 'New link:',
  seriesNewFacilitatorLink: 'New facilitator link',
  seriesNewRapporteurLink: 'New rapporteur link',
  /** A button's name: its visible words first, then the workshop it is for. */
  seriesNewLinkLabel: (button: string, title: string) => `${button}: ${title}`,
  seriesLinkOnce: 'Shown once: copy it now. Earlier links keep working.',
  // Rounds, timer and ranks (issue 12, items 6 and 7)
  rankShared: (n: number) =>
    `tied with ${n === 1 ? '1 other idea' : `${n} other ideas`}: same votes and supporters (earlier idea listed first)`,
  rankAheadOnSupporters: (n: number) =>
    `more supporters than ${n === 1 ? '1 idea' : `${n} ideas`} with the same votes`,
  rankBehindOnSupporters: (n: number) =>
    `fewer supporters than ${n === 1 ? '1 idea' : `${n} ideas`} with the same votes`,
  roundShortlist: (round: number, n: number) => `Round ${round} — shortlist of ${n}`,
  roundAgain: 'Another round',
  roundAgainTopN: 'Ideas on the next ballot (top N of this round)',
  roundAgainStart: (n: number) => `Another round on the top ${n}`,
  roundAgainHint: 'Voting reopens at once on the shortlist; this round’s results are kept.',
  roundPickSummary: 'Or pick the ideas for the next round',
  roundPickStart: (n: number) =>
    n === 1 ? 'Another round on 1 picked idea' : `Another round on ${n} picked ideas`,
  // Participant screen: phone ballot and own ideas (issue 12, items 3 and 10).
  othersIdeas: 'Ideas from others',
  ballotFind: 'Find an idea',
  ballotFindHint: 'Find an idea by a word…',
  ballotClear: 'Clear',
  ballotNoMatch: (q: string) => `No idea matches “${q}”.`,
  ballotMatches: (n: number) => (n === 1 ? '1 match' : `${n} matches`),
  ballotDone: (n: number) =>
    n === 1 ? 'Done: your dot is placed' : `Done: your ${n} dots are placed`,
  ballotDoneHint: 'To move a dot, take it off an idea first.',
  ballotOther: 'Other ideas',
  ballotSectionDots: (n: number) => (n === 1 ? '1 of your dots' : `${n} of your dots`),
  // Venue (issue 12 items 8, 9)
  joinTryAgainIn: (s: number) =>
    `Too many wrong codes from this network. Check the code and try again in ${s === 1 ? '1 second' : `${s} seconds`}.`,
  myWorkshopsTitle: 'Workshops created in this browser',
  myWorkshopsHint:
    'Kept in this browser only, with their links. Anyone who uses this browser can open them, as from its history.',
  myWorkshopsNone: 'None yet. The workshops you create here are listed here, with their links.',
  showLinks: 'Show links',
  openAsFacilitator: 'Open as facilitator',
  opensNewTab: 'opens in a new tab',
  createAnother: 'Create another workshop',
  forgetWorkshop: 'Remove from this list',
  forgetWorkshopConfirm: (title: string) =>
    `Remove “${title}” from this browser's list? The workshop itself is kept; keep its links if you need them.`,
  adminListHint: 'For the server administrator: needs the server’s ADMIN_TOKEN.',
  adminListShow: 'Show the list',
  adminListWrongToken: 'That is not this server’s admin token.',
  adminListClosed: 'This server has no admin token, so it does not list its workshops.',
  createdTitleOf: (title: string) => `Your workshop is ready: ${title}`,
  // Projector at room size (issue 12, items 1–2)
  pageOf: (n: number, total: number) => `Page ${n} of ${total}`,
  pageOfCounting: (n: number) => `Page ${n} of …`,
  wallMode: 'Projector wall, when ideas do not fit',
  wallModePage: 'Page through all ideas',
  wallModeNewest: 'Newest ideas, and a count of the rest',
  ideasWithoutVotes: (n: number) =>
    n === 1 ? '+1 idea without votes' : `+${n} ideas without votes`,
  shortlistOf: (n: number) =>
    n === 1 ? 'on a shortlist of 1 idea' : `on a shortlist of ${n} ideas`,
  // Points of debate (issue 13, helper B)
  contested: 'Views differed',
  contestAction: 'Views differed…',
  contestActionFor: (subject: string) => `Views differed: ${subject}`,
  contestNoteLabel: 'Positions, in one line (no names)',
  contestNotePlaceholder: 'e.g. some wanted one pooled fund, others country funds',
  contestMark: 'Mark: views differed',
  contestUnmark: 'Remove the mark',
  contestedCount: (n: number) =>
    n === 1 ? '1 item where views differed' : `${n} items where views differed`,
  pointsOfDebate: 'Points of debate',
  pointsOfDebateHint:
    'Where views differed and the positions taken, without names. Shared with the other rapporteurs as you type.',
  // Issue 14 (brief data): the brief's details and the Chatham House gate at export.
  briefDetailsTitle: 'Brief details',
  briefDetailsOptional: 'Details for the meeting brief (optional)',
  briefDetailsHint:
    'What the meeting brief says about this workshop. Participants never see the list of names.',
  fieldBriefLanguage: 'Language of the brief',
  fieldOrganisers: 'Co-organisers (one per line)',
  fieldSeriesNumber: 'Number of this workshop in its series',
  participantTypesLegend: 'Participants by type (counts only)',
  typeMemberStates: 'Member states',
  typeUnSystem: 'UN system',
  typeResearch: 'Research',
  typeCivilSociety: 'Civil society',
  typeOther: 'Other',
  fieldContext: 'Context paragraph',
  fieldParticipantList:
    'Names expected in the room (one per line; checked before export, never exported)',
  fieldShortTitle: (n: number) => `Short title of question ${n} (section heading)`,
  saveDetails: 'Save the brief details',
  detailsSaved: 'Brief details saved.',
  detailsFailed: (why: string) => `The brief details could not be saved: ${why}`,
  detailsLoadFailed: 'The brief details could not be loaded.',
  notAName: 'Not a participant’s name',
  notANameLabel: (match: string, where: string) => `Not a participant’s name: “${match}”, ${where}`,
  decisionsTitle: (n: number) =>
    n === 1
      ? '1 finding marked “not a participant’s name”'
      : `${n} findings marked “not a participant’s name”`,
  decisionStale: 'no longer applies: the text around it changed',
  withdrawDecision: 'Withdraw',
  withdrawDecisionLabel: (match: string) => `Withdraw: “${match}” is not a name`,
  exportWaits: (n: number) =>
    n === 1
      ? 'The export waits until this place is replaced or marked “not a participant’s name”.'
      : `The export waits until each of these ${n} places is replaced or marked “not a participant’s name”.`,
  resultsAnnexTitle: 'Results annex, for the organisers (votes, rounds, method)',
  exportResultsMd: 'Annex (Markdown)',
  exportResultsDocx: 'Annex (Word)',
  exportResultsCsv: 'Annex (CSV)',
  // Lenses (issue 13)
  lensCountries: 'Country examples',
  lensPbc: 'Role of the Peacebuilding Commission',
  pbcShort: 'PBC',
  tagsOptional: 'Tags (optional)',
  tags: 'Tags',
  tagsOf: (text: string) => `Tags: ${text}`,
  addCountry: 'Add a country',
  countryHint: 'A name in English, French or Spanish, or a short form such as DRC',
  noCountryFound: 'No country matches',
  suggestedFromText: 'Your text names:',
  tagCountry: (name: string) => `Tag ${name}`,
  removeTag: (name: string) => `Remove ${name}`,
  tagSelected: (n: number) => (n === 1 ? 'Tag the selected idea' : `Tag the ${n} selected ideas`),
  tagOnSome: (name: string) => `${name} (some of the selected ideas)`,
  filterShow: 'Show',
  filterAll: 'All ideas',
  filterUntagged: 'Ideas without tags',
  filterCount: (label: string, n: number) => `${label} (${n})`,
  showingOf: (shown: number, total: number) =>
    total === 1 ? `Showing ${shown} of 1 idea` : `Showing ${shown} of ${total} ideas`,
  lenses: 'Lenses',
  lensesHint:
    'Ways to tag ideas. Participants may tag their own; facilitators and rapporteurs any.',
  customLensName: 'Lens name',
  customLensValues: 'Values (one per line)',
  addLens: 'Add a lens',
  removeLens: (name: string) => `Remove the lens ${name}`,
  saveLenses: 'Save lenses',
  lensesSaved: 'Lenses saved.',
  lensIncomplete: 'Each lens needs a name and at least one value.',
  // Consolidation session (issue 15, consol): origin markers and the series page's panel.
  originsLabel: 'Carried forward from',
  originFrom: (n: number | null, topic: string) =>
    n === null ? `From: ${topic}` : `From workshop ${n} · ${topic}`,
  originShort: (n: number | null, topic: string) => (n === null ? topic : `W${n} · ${topic}`),
  consolTitle: 'Consolidation session',
  consolHint:
    'A workshop that carries forward the ideas with the strongest support in each held workshop, each marked with the workshop it came from. The room refines, clusters and votes on them as in any workshop; its ranking becomes the paper’s recommendations.',
  consolBasisPlan: 'Held workshops: the topics marked held in the plan.',
  consolBasisWorkshops:
    'No plan yet: every workshop of the series with closed questions counts as held.',
  consolNothing: 'No held workshop has ideas on its board to carry forward yet.',
  consolHow: 'Which ideas',
  consolModeTop: 'The best-supported ideas of each question',
  consolModePick: 'Ideas I pick from the ranked lists',
  consolPerQuestion: 'Ideas per question',
  consolWillCarry: (n: number) =>
    n === 1 ? '1 idea will be carried forward' : `${n} ideas will be carried forward`,
  consolPicked: (n: number) => (n === 1 ? '1 idea picked' : `${n} ideas picked`),
  consolSessionTitle: 'Title (optional)',
  consolDate: 'Date (optional)',
  consolCreate: 'Create the consolidation session',
  consolCreated: (n: number) =>
    n === 1
      ? 'Consolidation session created with 1 idea. Keep these links: they are shown only once.'
      : `Consolidation session created with ${n} ideas. Keep these links: they are shown only once.`,
  consolFailed: 'The consolidation session could not be created.',
  consolWorkshop: (n: number | null, topic: string) =>
    n === null ? topic : `Workshop ${n}: ${topic}`,
  consolRank: (rank: number, votes: number) =>
    votes === 1 ? `#${rank} · 1 dot` : `#${rank} · ${votes} dots`,
  consolSessions: 'Sessions created',
  consolSessionLine: (code: string, ideas: number) =>
    ideas === 1 ? `Join code ${code} · 1 idea` : `Join code ${code} · ${ideas} ideas`,
};

/** A dictionary's shape: the same keys as English, any wording. */
type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> };
export type Messages = Widen<typeof en>;
