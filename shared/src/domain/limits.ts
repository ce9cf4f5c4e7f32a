/** Size limits shared by the schemas, the server and the forms. */
export const LIMITS = {
  title: 200,
  host: 200,
  questionPrompt: 500,
  questionsPerWorkshop: 20,
  ideaText: 500,
  ideaActor: 200,
  ideaNextStep: 300,
  ideasPerParticipantPerQuestion: 50,
  participantName: 80,
  moderationReason: 300,
  clusterLabel: 120,
  /** Characters in one question's shared notes (a two-hour verbatim record is ~120,000). */
  notesText: 200_000,
  /** Characters in one brief section a rapporteur may grow it to (generation may exceed it). */
  briefSection: 200_000,
  maxVoteBudget: 20,
  /** Points of debate (issue 13): the one-line note of the positions on a contested idea or cluster. */
  contestNote: 200,
} as const;
