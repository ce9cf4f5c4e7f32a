import type {
  BriefGenerateReply,
  ExportFormat,
  ExportPart,
  NameCheckReply,
  NameDecisionReply,
  RedactReply,
  UndoRedactReply,
} from '@convene/shared';
import { apiFetch, downloadFile } from '../../net/api.ts';

/** The rapporteur's calls to the brief routes (all with the rapporteur's token). */

const base = (workshopId: string) => `/api/workshops/${encodeURIComponent(workshopId)}`;

export function generateBrief(
  workshopId: string,
  token: string,
  body: { sections?: string[]; replace?: string[] } = {},
): Promise<BriefGenerateReply> {
  return apiFetch<BriefGenerateReply>(`${base(workshopId)}/brief`, {
    method: 'POST',
    token,
    body,
  });
}

export function checkNames(workshopId: string, token: string): Promise<NameCheckReply> {
  return apiFetch<NameCheckReply>(`${base(workshopId)}/name-check`, { token });
}

/** Replaces the given findings and every place of the confirmed names with "a participant". */
export function redactNames(
  workshopId: string,
  token: string,
  choice: { ids?: string[]; names?: string[] },
): Promise<RedactReply> {
  return apiFetch<RedactReply>(`${base(workshopId)}/redact`, {
    method: 'POST',
    token,
    body: choice,
  });
}

/** Puts back the words a replacement took out. */
export function undoRedaction(
  workshopId: string,
  token: string,
  id: string,
): Promise<UndoRedactReply> {
  return apiFetch<UndoRedactReply>(`${base(workshopId)}/redact/undo`, {
    method: 'POST',
    token,
    body: { id },
  });
}

/** Marks findings "not a participant's name"; the decision is kept with the workshop. */
export function decideNotNames(
  workshopId: string,
  token: string,
  ids: string[],
): Promise<NameDecisionReply> {
  return apiFetch<NameDecisionReply>(`${base(workshopId)}/name-decisions`, {
    method: 'POST',
    token,
    body: { ids },
  });
}

export function withdrawDecision(
  workshopId: string,
  token: string,
  id: string,
): Promise<{ check: NameCheckReply }> {
  return apiFetch<{ check: NameCheckReply }>(
    `${base(workshopId)}/name-decisions/${encodeURIComponent(id)}`,
    { method: 'DELETE', token },
  );
}

/** The brief (or, `part: 'results'`, the organisers' results annex) as a file. */
export function downloadExport(
  workshopId: string,
  token: string,
  format: ExportFormat,
  part: ExportPart = 'brief',
) {
  const query = part === 'results' ? `format=${format}&part=results` : `format=${format}`;
  const name = part === 'results' ? `results-annex.${format}` : `brief.${format}`;
  return downloadFile(`${base(workshopId)}/export?${query}`, token, name);
}
