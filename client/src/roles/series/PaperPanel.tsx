import type { PaperReply, PaperSection, PaperSectionOutcome } from '@convene/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../net/api.ts';
import { NameCheckedExport } from '../rapporteur/ExportPanel.tsx';
import { generatePaper, getPaper, paperExportApi, saveSection } from './paperApi.ts';
import './paper.css';

/**
 * The series' policy paper on the series page (issue 15, item 3): generated from the series'
 * workshops, then co-edited section by section by whoever holds the series link. Each save
 * names the version it started from; when someone else saved the section meanwhile, both
 * versions are shown and the reader chooses. Regenerating brings unedited sections up to date
 * and keeps edited ones unless the reader ticks them for replacement. The export goes through
 * the same name check as a brief (the shared export panel), on the paper's own text.
 */

interface Editing {
  key: string;
  text: string;
  version: number;
  /** Someone else's version, when a save was refused. */
  theirs: PaperSection | null;
}

const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

export function PaperPanel({
  seriesId,
  token,
  workshopTitle,
}: {
  seriesId: string;
  token: string;
  /** A workshop's title from its id (to say which workshop holds up the export). */
  workshopTitle: (id: string) => string;
}) {
  const [paper, setPaper] = useState<PaperReply | null>(null);
  const [outcomes, setOutcomes] = useState<PaperSectionOutcome[]>([]);
  const [replace, setReplace] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setPaper(await getPaper(seriesId, token));
    } catch {
      setError(t.paperFailed);
    }
  }, [seriesId, token]);

  useEffect(() => {
    void load();
  }, [load]);

  const exportApi = useMemo(
    () => paperExportApi(seriesId, token, workshopTitle),
    [seriesId, token, workshopTitle],
  );

  const generate = async (replacing: string[]) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const reply = await generatePaper(seriesId, token, replacing);
      setPaper(reply);
      setOutcomes(reply.outcomes);
      setReplace(new Set());
      const kept = reply.outcomes.filter((o) => o.outcome === 'kept').length;
      setNotice(kept > 0 ? t.paperGeneratedKept(kept) : t.paperGenerated);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t.linkInvalid : t.paperFailed);
    } finally {
      setBusy(false);
    }
  };

  const save = async (overwrite: boolean) => {
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const version = overwrite && editing.theirs ? editing.theirs.version : editing.version;
      const done = await saveSection(seriesId, token, editing.key, editing.text, version);
      if (done.ok) {
        setPaper((p) =>
          p
            ? {
                ...p,
                sections: p.sections.map((s) => (s.key === done.section.key ? done.section : s)),
              }
            : p,
        );
        setEditing(null);
        setNotice(t.paperSaved(done.section.title));
      } else {
        setEditing({ ...editing, theirs: done.theirs });
        setPaper((p) =>
          p
            ? {
                ...p,
                sections: p.sections.map((s) => (s.key === done.theirs.key ? done.theirs : s)),
              }
            : p,
        );
      }
    } catch {
      setError(t.paperFailed);
    } finally {
      setBusy(false);
    }
  };

  const kept = outcomes.filter((o) => o.outcome === 'kept');
  const sections = paper?.sections ?? [];
  const total = sections.reduce((n, s) => n + words(s.text), 0);

  return (
    <section className="card stack paper-panel" aria-labelledby="paper-title">
      <div className="row">
        <h2 id="paper-title">{t.seriesPaper}</h2>
        {sections.length > 0 ? <span className="muted small">{t.paperWords(total)}</span> : null}
      </div>
      <p className="hint">{t.paperHint}</p>
      <div className="row">
        <button type="button" className="btn" disabled={busy} onClick={() => generate([])}>
          {sections.length === 0 ? t.paperGenerate : t.paperRegenerate}
        </button>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className="small" role="status">
          {notice}
        </p>
      ) : null}

      {kept.length > 0 ? (
        <fieldset className="brief__decision">
          <legend>{t.paperKeptTitle(kept.length)}</legend>
          <p className="hint small">{t.paperKeptHint}</p>
          {kept.map((o) => (
            <label key={o.key}>
              <input
                type="checkbox"
                checked={replace.has(o.key)}
                disabled={busy}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setReplace((prev) => {
                    const next = new Set(prev);
                    if (on) next.add(o.key);
                    else next.delete(o.key);
                    return next;
                  });
                }}
              />{' '}
              {t.paperReplaceLabel(o.title)}
              {o.boardChanged ? null : <span className="muted small"> — {t.paperNoChange}</span>}
            </label>
          ))}
          <div className="row">
            <button
              type="button"
              className="btn btn--secondary"
              disabled={busy || replace.size === 0}
              onClick={() => generate([...replace])}
            >
              {t.paperReplaceTicked(replace.size)}
            </button>
          </div>
        </fieldset>
      ) : null}

      {sections.length === 0 && paper ? <p className="muted">{t.paperEmpty}</p> : null}
      {sections.length > 0 ? (
        <ol className="paper-sections stack">
          {sections.map((s) => {
            const open = editing?.key === s.key;
            const inputId = `paper-section-${s.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
            return (
              <li key={s.key} className="paper-section stack">
                <div className="brief-section__head">
                  <strong>{s.title}</strong>
                  {s.edited ? <span className="muted small">{t.paperEditedMark}</span> : null}
                  <span className="muted small">{t.paperWords(words(s.text))}</span>
                  {open ? null : (
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      disabled={busy || editing !== null}
                      onClick={() =>
                        setEditing({ key: s.key, text: s.text, version: s.version, theirs: null })
                      }
                      aria-label={t.paperEditLabel(s.title)}
                    >
                      {t.paperEdit}
                    </button>
                  )}
                </div>
                {open && editing ? (
                  <div className="brief-section stack">
                    <label htmlFor={inputId} className="visually-hidden">
                      {t.paperEditLabel(s.title)}
                    </label>
                    <textarea
                      id={inputId}
                      rows={14}
                      value={editing.text}
                      onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                    />
                    {editing.theirs ? (
                      <div className="stack" role="alert">
                        <p className="error-text">{t.paperConflict}</p>
                        <label htmlFor={`${inputId}-theirs`}>{t.paperTheirVersion}</label>
                        <textarea
                          id={`${inputId}-theirs`}
                          rows={8}
                          readOnly
                          value={editing.theirs.text}
                        />
                      </div>
                    ) : null}
                    <div className="row">
                      {/* After a conflict, saving overwrites the other version; cancelling takes it. */}
                      <button
                        type="button"
                        className="btn"
                        disabled={busy}
                        onClick={() => save(Boolean(editing.theirs))}
                      >
                        {editing.theirs ? t.paperKeepMine : t.paperSave}
                      </button>
                      <button
                        type="button"
                        className="btn btn--secondary"
                        disabled={busy}
                        onClick={() => setEditing(null)}
                      >
                        {editing.theirs ? t.paperTakeTheirs : t.paperCancel}
                      </button>
                    </div>
                  </div>
                ) : (
                  <details>
                    <summary>{t.paperShow}</summary>
                    <pre className="brief__source">{s.text}</pre>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}

      <NameCheckedExport
        api={exportApi}
        chathamHouse
        formats={['docx', 'md', 'html']}
        title={t.paperExportTitle}
        hint={t.paperExportHint}
        idPrefix="paper-export"
      />
    </section>
  );
}
