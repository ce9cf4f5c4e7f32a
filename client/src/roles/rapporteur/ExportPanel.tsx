import type { ExportFormat, NameCheckReply } from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { checkNames, downloadExport, redactNames, undoRedaction } from './briefApi.ts';

/**
 * Exports, with the name check in front of them. Under the Chatham House Rule a click on a
 * format first asks the server whether any participant's name was typed into an idea, the
 * notes or the draft; if so the names found are listed with their places (visible to the
 * rapporteur here, and nowhere else). The rapporteur confirms which are names — a participant
 * who joined as "For With Local" is not one — and only those are replaced with "a
 * participant"; a single place can be replaced on its own, and the last replacement undone.
 * The download waits for a decision. The findings live in this component's state only and are
 * dropped when it closes.
 */

const FORMATS: ExportFormat[] = ['docx', 'md', 'html', 'csv', 'json'];

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

export function ExportPanel({
  workshopId,
  token,
  chathamHouse,
}: {
  workshopId: string;
  token: string;
  chathamHouse: boolean;
}) {
  const [check, setCheck] = useState<NameCheckReply | null>(null);
  const [pending, setPending] = useState<ExportFormat | null>(null);
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

  const download = async (format: ExportFormat) => {
    setBusy(true);
    try {
      await downloadExport(workshopId, token, format);
      setPending(null);
      setCheck(null);
    } catch {
      setError(t.exportFailed);
    } finally {
      setBusy(false);
    }
  };

  const runCheck = async (format: ExportFormat | null) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const reply = await checkNames(workshopId, token);
      if (format && reply.total === 0) {
        setBusy(false);
        await download(format);
        return;
      }
      showCheck(reply);
      setPending(format);
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
      showCheck(await checkNames(workshopId, token));
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const exportClicked = (format: ExportFormat) =>
    chathamHouse ? runCheck(format) : download(format);

  const redact = async (choice: { ids?: string[]; names?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await redactNames(workshopId, token, choice);
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
      const reply = await undoRedaction(workshopId, token, id);
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
    <section className="card stack export-panel" aria-labelledby="export-title">
      <div className="row export-panel__head">
        <h2 id="export-title">{t.exportTitle}</h2>
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
        {FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className={`btn ${format === 'docx' ? '' : 'btn--secondary'}`}
            onClick={() => exportClicked(format)}
            disabled={busy}
          >
            {formatLabel(format)}
          </button>
        ))}
      </div>
      <p className="hint">{chathamHouse ? t.exportHintChatham : t.exportHint}</p>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}

      {check ? (
        <section className="name-check stack" aria-labelledby="name-check-title" aria-live="polite">
          <h3 id="name-check-title">
            {pending ? t.nameCheckBefore(formatLabel(pending)) : t.nameCheckTitle}
          </h3>
          {notice ? <p className="small">{notice}</p> : null}
          {check.total === 0 ? (
            <p>{t.nameCheckClean(check.namesChecked)}</p>
          ) : (
            <>
              <p className="hint">{t.nameCheckFound(check.total)}</p>
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
              <ul className="name-check__list">
                {check.findings.map((f) => (
                  <li key={f.id} className="name-check__item">
                    <span className="name-check__where">{f.where}</span>
                    <span className="name-check__snippet">
                      …{f.before}
                      <mark>{f.match}</mark>
                      {f.after}…
                      <span className="name-check__names muted small">
                        {t.nameMayBe(f.names.join(', '))}
                      </span>
                    </span>
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
                  </li>
                ))}
              </ul>
            </>
          )}
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
            {pending ? (
              <button
                type="button"
                className={`btn ${check.total === 0 ? '' : 'btn--secondary'}`}
                disabled={busy}
                onClick={() => download(pending)}
              >
                {check.total === 0
                  ? t.exportNow(formatLabel(pending))
                  : t.exportAnyway(formatLabel(pending))}
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
