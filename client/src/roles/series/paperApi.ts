import type {
  ExportFormat,
  NameCheckReply,
  NameDecisionReply,
  PaperEditConflictBody,
  PaperGenerateReply,
  PaperReply,
  PaperSection,
  PaperSectionReply,
  RedactReply,
} from '@convene/shared';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch, fetchOwner, saveResponse } from '../../net/api.ts';
import type { NameCheckedExportApi } from '../rapporteur/ExportPanel.tsx';

/** The series page's calls to the policy-paper routes (issue 15), with the series link. */

const base = (seriesId: string) => `/api/series/${encodeURIComponent(seriesId)}`;

export function getPaper(seriesId: string, token: string): Promise<PaperReply> {
  return apiFetch<PaperReply>(`${base(seriesId)}/paper`, { token });
}

/** Generates keep-or-replace: `replace` lists edited sections to overwrite. */
export function generatePaper(
  seriesId: string,
  token: string,
  replace: string[] = [],
): Promise<PaperGenerateReply> {
  return apiFetch<PaperGenerateReply>(`${base(seriesId)}/paper/generate`, {
    method: 'POST',
    token,
    body: replace.length > 0 ? { replace } : {},
  });
}

export type SaveOutcome = { ok: true; section: PaperSection } | { ok: false; theirs: PaperSection };

/**
 * Saves a section edited from `version`. When someone saved it meanwhile the server refuses
 * (409 `edit_conflict`) and sends their version, which the panel shows next to the reader's.
 */
export async function saveSection(
  seriesId: string,
  token: string,
  key: string,
  text: string,
  version: number,
): Promise<SaveOutcome> {
  const res = await fetchOwner(`${base(seriesId)}/paper/sections/${encodeURIComponent(key)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ text, version }),
  }).catch(() => {
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  });
  const data = (await res.json().catch(() => null)) as
    | PaperSectionReply
    | PaperEditConflictBody
    | { error?: { code: string; message: string } }
    | null;
  if (res.ok && data && 'section' in data) return { ok: true, section: data.section };
  if (res.status === 409 && data && 'section' in data) return { ok: false, theirs: data.section };
  const err = data && 'error' in data ? data.error : undefined;
  throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText);
}

/** The name check and export of the paper, for the shared export panel. */
export function paperExportApi(
  seriesId: string,
  token: string,
  workshopTitle: (id: string) => string,
): NameCheckedExportApi {
  return {
    check: () => apiFetch<NameCheckReply>(`${base(seriesId)}/paper/name-check`, { token }),
    decide: (ids) =>
      apiFetch<NameDecisionReply>(`${base(seriesId)}/paper/name-decisions`, {
        method: 'POST',
        token,
        body: { ids },
      }),
    withdraw: (id) =>
      apiFetch<{ check: NameCheckReply }>(
        `${base(seriesId)}/paper/name-decisions/${encodeURIComponent(id)}`,
        { method: 'DELETE', token },
      ),
    redact: (choice) =>
      apiFetch<RedactReply>(`${base(seriesId)}/paper/redact`, {
        method: 'POST',
        token,
        body: choice,
      }),
    // The paper keeps no undo record: a replacement is a visible edit of its section.
    undo: () => Promise.reject(new ApiError(404, 'not_found', 'Nothing to undo')),
    download: async (format: ExportFormat) => {
      const path = `${base(seriesId)}/export?format=${format}`;
      // A refusal because of a workshop is the workshop rapporteurs' to resolve: say which.
      const res = await fetchOwner(path, { headers: { authorization: `Bearer ${token}` } }).catch(
        () => {
          throw new ApiError(0, 'network_error', 'The server cannot be reached.');
        },
      );
      if (res.status === 409) {
        const body = (await res.json().catch(() => null)) as {
          paper?: boolean;
          workshopId?: string;
        } | null;
        if (body?.workshopId && !body.paper) {
          throw new ApiError(
            409,
            'blocked_elsewhere',
            t.paperBlockedByWorkshop(workshopTitle(body.workshopId)),
          );
        }
        throw new ApiError(409, 'names_found', 'Names found');
      }
      if (!res.ok) throw new ApiError(res.status, 'download_failed', 'The export failed.');
      await saveResponse(res, `policy-paper.${format}`);
    },
  };
}
