import type {
  ExportFormat,
  ExportPart,
  NameCheckReply,
  NameDecisionReply,
  RedactReply,
  UndoRedactReply,
} from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../net/api.ts';
import {
  checkNames,
  decideNotNames,
  downloadExport,
  redactNames,
  undoRedaction,
  withdrawDecision,
} from './briefApi.ts';

/**
 * Exports, with the name check in front of them. Under the Chatham House Rule a click on a
 * format first asks the server whether any participant's name was typed into an idea, the
 * notes or the draft; if so the names found are listed with their places (visible to the
 * rapporteur here, and nowhere else). The rapporteur confirms which are names — a participant
 * who joined as "For With Local" is not one — and only those are replaced with "a
 * participant"; a single place can be replaced on its own, and the last replacement undone.
 * The server refuses every export while a finding is open (issue 14: 409 `names_found`), so
 * the panel walks through them: each is replaced, or marked "not a participant's name" — a
 * decision kept with the workshop and listed here, which can be withdrawn. The download comes
 * once nothing is open. The findings live in this component's state only and are dropped when
 * it closes.
 */

const FORMATS: ExportFormat[] = ['docx', 'md', 'html', 'csv', 'json'];
/** The organisers' results annex (vote tables, rounds, method): kept out of the brief. */
const RESULTS_FORMATS: ExportFormat[] = ['md', 'docx', 'csv'];

interface Target {
  format: ExportFormat;
  part: ExportPart;
}

function targetLabel({ format, part }: Target): string {
  if (part === 'results') {
    return format === 'docx'
      ? t.exportResultsDocx
      : format === 'csv'
        ? t.exportResultsCsv
        : t.exportResultsMd;
  }
  return formatLabel(format);
}

function formatLabel(format: ExportFormat): string {
  switch (format) {
    case 'docx':
      return t.exportDocx;
    case 'md':
      return t.exportMd;
    case 'html':
      return t.exportHtml;
    case 'csv':
      return t.exportCsv;
    case 'json':
      return t.exportJsonArchive;
  }
}

/**
 * Where the panel's calls go: a workshop's brief routes, or (issue 15) a series' policy paper,
 * whose name check covers the paper's own text. The panel is the same for both.
 */
export interface NameCheckedExportApi {
  check(): Promise<NameCheckReply>;
  decide(ids: string[]): Promise<NameDecisionReply>;
  withdraw(id: string): Promise<{ check: NameCheckReply }>;
  redact(choice: { ids?: string[]; names?: string[] }): Promise<RedactReply>;
  undo(id: string): Promise<UndoRedactReply>;
  /**
   * Throws an ApiError with status 409 when the name check refuses the export; with code
   * `blocked_elsewhere` (and a message for the reader) when the refusal is not this check's
   * to resolve (a workshop of the series).
   */
  download(format: ExportFormat, part: ExportPart): Promise<void>;
}

function workshopApi(workshopId: string, token: string): NameCheckedExportApi {
  return {
    check: () => checkNames(workshopId, token),
    decide: (ids) => decideNotNames(workshopId, token, ids),
    withdraw: (id) => withdrawDecision(workshopId, token, id),
    redact: (choice) => redactNames(workshopId, token, choice),
    undo: (id) => undoRedaction(workshopId, token, id),
    download: (format, part) => downloadExport(workshopId, token, format, part),
  };
}

export function ExportPanel({
  workshopId,
  token,
  chathamHouse,
}: {
  workshopId: string;
  token: string;
  chathamHouse: boolean;
}) {
  return (
    <NameCheckedExport
      api={workshopApi(workshopId, token)}
      chathamHouse={chathamHouse}
      formats={FORMATS}
      resultsFormats={RESULTS_FORMATS}
      title={t.exportTitle}
      idPrefix="export"
    />
  );
}

/** Export buttons with the name check in front of them (see the comment at the top). */
export function NameCheckedExport({
  api,
  chathamHouse,
  formats,
  resultsFormats = [],
  title,
  idPrefix,
  hint,
}: {
  api: NameCheckedExportApi;
  chathamHouse: boolean;
  formats: readonly ExportFormat[];
  resultsFormats?: readonly ExportFormat[];
  title: string;
  /** Keeps element ids unique when several panels share a page. */
  idPrefix: string;
  /** What the check looks at, when it is not a workshop's texts. */
  hint?: string;
}) {
  const [check, setCheck] = useState<NameCheckReply | null>(null);
  const [pending, setPending] = useState<Target | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Names the rapporteur confirmed (ticked) in the current check. */
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());

  const showCheck = (reply: NameCheckReply) => {
    setCheck(reply);
    // A confirmation holds for names still found; a replaced name drops out of the list.
    setConfirmed((prev) => new Set(reply.candidates.map((c) => c.name).filter((n) => prev.has(n))));
  };

  const download = async (target: Target) => {
    setBusy(true);
    try {
      await api.download(target.format, target.part);
      setPending(null);
      setCheck(null);
    } catch (err) {
      // Someone typed a name since the check: the server refused; show what it found.
      if (err instanceof ApiError && err.code === 'blocked_elsewhere') setError(err.message);
      else if (err instanceof ApiError && err.status === 409) {
        setPending(target);
        showCheck(await api.check());
      } else setError(t.exportFailed);
    } finally {
      setBusy(false);
    }
  };

  const runCheck = async (target: Target | null) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const reply = await api.check();
      if (target && reply.total === 0) {
        setBusy(false);
        await download(target);
        return;
      }
      showCheck(reply);
      setPending(target);
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const recheck = async () => {
    setBusy(true);
    setError(null);
    try {
      showCheck(await api.check());
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const exportClicked = (target: Target) => (chathamHouse ? runCheck(target) : download(target));

  const notAName = async (ids: string[]) => {
    setBusy(true);
    setError(null);
    try {
      showCheck((await api.decide(ids)).check);
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      showCheck((await api.withdraw(id)).check);
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const redact = async (choice: { ids?: string[]; names?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await api.redact(choice);
      showCheck(reply.check);
      setNotice(
        reply.skipped > 0
          ? `${t.redacted(reply.redacted)} ${t.redactSkipped(reply.skipped)}`
          : t.redacted(reply.redacted),
      );
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const undo = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await api.undo(id);
      showCheck(reply.check);
      setNotice(t.unredacted(reply.restored, reply.skipped));
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (name: string, on: boolean) =>
    setConfirmed((prev) => {
      const next = new Set(prev);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const close = () => {
    setCheck(null);
    setPending(null);
    setNotice(null);
    setConfirmed(new Set());
  };

  const confirmedPlaces =
    check?.candidates.filter((c) => confirmed.has(c.name)).reduce((n, c) => n + c.redactable, 0) ??
    0;
  const lastReplacement = check?.undoable[0];

  return (
    <section className="card stack export-panel" aria-labelledby={`${idPrefix}-title`}>
      <div className="row export-panel__head">
        <h2 id={`${idPrefix}-title`}>{title}</h2>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => runCheck(null)}
          disabled={busy}
        >
          {t.nameCheckRun}
        </button>
      </div>
      <div className="row export-panel__formats">
        {formats.map((format) => (
          <button
            key={format}
            type="button"
            className={`btn ${format === 'docx' ? '' : 'btn--secondary'}`}
            onClick={() => exportClicked({ format, part: 'brief' })}
            disabled={busy}
          >
            {formatLabel(format)}
          </button>
        ))}
      </div>
      {resultsFormats.length > 0 ? (
        <fieldset className="export-panel__annex fieldset-plain stack">
          <legend className="label">{t.resultsAnnexTitle}</legend>
          <div className="row">
            {resultsFormats.map((format) => (
              <button
                key={format}
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => exportClicked({ format, part: 'results' })}
                disabled={busy}
              >
                {targetLabel({ format, part: 'results' })}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      <p className="hint">{hint ?? (chathamHouse ? t.exportHintChatham : t.exportHint)}</p>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}

      {check ? (
        <section
          className="name-check stack"
          aria-labelledby={`${idPrefix}-name-check-title`}
          aria-live="polite"
        >
          <h3 id={`${idPrefix}-name-check-title`}>
            {pending ? t.nameCheckBefore(targetLabel(pending)) : t.nameCheckTitle}
          </h3>
          {notice ? <p className="small">{notice}</p> : null}
          {check.total === 0 ? (
            <p>{t.nameCheckClean(check.namesChecked)}</p>
          ) : (
            <>
              <p className="hint">{t.nameCheckFound(check.total)}</p>
              {check.chathamHouse ? (
                <p className="name-check__waits">{t.exportWaits(check.total)}</p>
              ) : null}
              <fieldset className="name-check__names-found stack">
                <legend>{t.nameCandidatesLegend}</legend>
                <p className="hint small">{t.nameCandidatesHint}</p>
                {check.candidates.map((c) => (
                  <label key={c.name} className="name-check__candidate">
                    <input
                      type="checkbox"
                      checked={confirmed.has(c.name)}
                      disabled={busy || c.redactable === 0}
                      onChange={(e) => toggle(c.name, e.currentTarget.checked)}
                    />{' '}
                    {t.nameCandidate(c.name, c.count)}
                  </label>
                ))}
                <div className="row">
                  <button
                    type="button"
                    className="btn"
                    disabled={busy || confirmedPlaces === 0}
                    onClick={() => redact({ names: [...confirmed] })}
                  >
                    {t.redactConfirmed(confirmedPlaces)}
                  </button>
                </div>
              </fieldset>
              {check.total > check.findings.length ? (
                <p className="hint small">{t.nameCheckMore(check.findings.length, check.total)}</p>
              ) : null}
              <ul className="name-check__list name-check__findings">
                {check.findings.map((f) => (
                  <li key={f.id} className="name-check__item">
                    <span className="name-check__where">{f.where}</span>
                    <span className="name-check__snippet">
                      …{f.before}
                      <mark>{f.match}</mark>
                      {f.after}…
                      {f.names.length > 0 ? (
                        <span className="name-check__names muted small">
                          {t.nameMayBe(f.names.join(', '))}
                        </span>
                      ) : null}
                    </span>
                    <span className="name-check__actions">
                      {f.redactable ? (
                        <button
                          type="button"
                          className="btn btn--secondary btn--small"
                          disabled={busy}
                          onClick={() => redact({ ids: [f.id, ...(f.alsoIds ?? [])] })}
                          aria-label={t.redactOneLabel(f.match, f.where)}
                        >
                          {t.redactOne}
                        </button>
                      ) : (
                        <span className="muted small">
                          {f.kind === 'rendered' ? t.renderedOnly : t.notRedactable}
                        </span>
                      )}
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        disabled={busy}
                        onClick={() => notAName([f.id])}
                        aria-label={t.notANameLabel(f.match, f.where)}
                      >
                        {t.notAName}
                      </button>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {check.decisions.length > 0 ? (
            <details className="name-check__decisions">
              <summary>{t.decisionsTitle(check.decisions.length)}</summary>
              <ul className="name-check__list">
                {check.decisions.map((d) => (
                  <li key={d.id} className="name-check__item">
                    <span className="name-check__where">{d.where}</span>
                    <span className="name-check__snippet">
                      <mark>{d.match}</mark>
                      {d.resolves === 0 ? (
                        <span className="muted small"> — {t.decisionStale}</span>
                      ) : null}
                    </span>
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      disabled={busy}
                      onClick={() => withdraw(d.id)}
                      aria-label={t.withdrawDecisionLabel(d.match)}
                    >
                      {t.withdrawDecision}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <div className="row">
            {lastReplacement ? (
              <button
                type="button"
                className="btn btn--secondary"
                disabled={busy}
                onClick={() => undo(lastReplacement.id)}
              >
                {t.redactUndo(lastReplacement.count)}
              </button>
            ) : null}
            {pending && (check.total === 0 || !check.chathamHouse) ? (
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => download(pending)}
              >
                {t.exportNow(targetLabel(pending))}
              </button>
            ) : null}
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={recheck}>
              {t.nameCheckAgain}
            </button>
            <button type="button" className="btn btn--secondary" onClick={close}>
              {t.close}
            </button>
          </div>
        </section>
      ) : null}
    </section>
  );
}
