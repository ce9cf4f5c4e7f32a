import type {
  BriefGenerateReply,
  ExportFormat,
  NameCheckReply,
  RedactReply,
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

export function redactNames(
  workshopId: string,
  token: string,
  ids?: string[],
): Promise<RedactReply> {
  return apiFetch<RedactReply>(`${base(workshopId)}/redact`, {
    method: 'POST',
    token,
    body: ids ? { ids } : {},
  });
}

export function downloadExport(workshopId: string, token: string, format: ExportFormat) {
  return downloadFile(`${base(workshopId)}/export?format=${format}`, token, `brief.${format}`);
}
