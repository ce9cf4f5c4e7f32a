import type { Role } from './messages.ts';

/** `201` reply of `POST /api/workshops`. */
export interface CreatedWorkshop {
  id: string;
  joinCode: string;
  facilitatorToken: string;
  rapporteurToken: string;
  /** Read-only token for the room's screen (an extension of the public contract). */
  projectorToken: string;
  questions: { id: string; prompt: string }[];
  links: { facilitator: string; participant: string; projector: string; rapporteur: string };
}

/** `200` reply of `POST /api/join`. */
export interface Joined {
  workshopId: string;
  participantId: string;
  participantToken: string;
}

/** `200` reply of `GET /api/session`: what a token opens. */
export interface SessionReply {
  workshopId: string;
  role: Role;
  participantId: string | null;
  title: string;
  joinCode: string;
}

/** One row of `GET /api/workshops` (the organiser's list). */
export interface WorkshopSummary {
  id: string;
  title: string;
  series: string | null;
  host: string | null;
  date: string | null;
  createdAt: string;
  questionCount: number;
  ideaCount: number;
}

/** `201` reply of `POST /api/workshops/:id/links`. */
export interface NewLink {
  role: 'projector' | 'rapporteur';
  token: string;
  link: string;
}
