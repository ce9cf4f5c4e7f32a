import type {
  BriefGenerateReply,
  ExportFormat,
  NameCheckReply,
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

export function downloadExport(workshopId: string, token: string, format: ExportFormat) {
  return downloadFile(`${base(workshopId)}/export?format=${format}`, token, `brief.${format}`);
}
