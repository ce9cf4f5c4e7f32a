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
  maxVoteBudget: 20,
} as const;
