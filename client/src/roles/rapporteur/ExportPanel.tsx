import type { ExportFormat, NameCheckReply } from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { checkNames, downloadExport, redactNames } from './briefApi.ts';

/**
 * Exports, with the name check in front of them. Under the Chatham House Rule a click on a
 * format first asks the server whether any participant's name was typed into an idea, the
 * notes or the draft; if so the findings are listed (names visible to the rapporteur here, and
 * nowhere else) with one-step redaction to "a participant", and the download waits for a
 * decision. The findings live in this component's state only and are dropped when it closes.
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
      if (format && reply.findings.length === 0) {
        setBusy(false);
        await download(format);
        return;
      }
      setCheck(reply);
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
      setCheck(await checkNames(workshopId, token));
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const exportClicked = (format: ExportFormat) =>
    chathamHouse ? runCheck(format) : download(format);

  const redact = async (ids?: string[]) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await redactNames(workshopId, token, ids);
      setCheck(reply.check);
      setNotice(t.redacted(reply.redacted));
    } catch {
      setError(t.nameCheckFailed);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setCheck(null);
    setPending(null);
    setNotice(null);
  };

  const redactable = check?.findings.filter((f) => f.redactable) ?? [];

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
          {check.findings.length === 0 ? (
            <p>{t.nameCheckClean(check.namesChecked)}</p>
          ) : (
            <>
              <p className="hint">{t.nameCheckFound(check.findings.length)}</p>
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
                        onClick={() => redact([f.id, ...(f.alsoIds ?? [])])}
                        aria-label={t.redactOneLabel(f.match, f.where)}
                      >
                        {t.redactOne}
                      </button>
                    ) : (
                      <span className="muted small">{t.notRedactable}</span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="row">
            {redactable.length > 0 ? (
              <button type="button" className="btn" disabled={busy} onClick={() => redact()}>
                {t.redactAll(redactable.length)}
              </button>
            ) : null}
            {pending ? (
              <button
                type="button"
                className={`btn ${check.findings.length === 0 ? '' : 'btn--secondary'}`}
                disabled={busy}
                onClick={() => download(pending)}
              >
                {check.findings.length === 0
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
