import {
  type BoardSnapshot,
  type BriefDraft,
  type BriefSectionResult,
  briefSectionKeys,
  briefText,
  isEdited,
  LIMITS,
  observeBrief,
  parseBrief,
  questionOfSection,
  readBriefDraft,
} from '@convene/shared';
import { memo, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../net/api.ts';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { SharedTextArea } from '../../ui/SharedTextArea.tsx';
import { BriefBlocks } from './BriefBlocks.tsx';
import { generateBrief } from './briefApi.ts';

/**
 * The brief draft: one shared text per section, edited by every rapporteur at once, with the
 * live preview beside it. Generating and regenerating happen on the server, which brings
 * unedited sections up to date and leaves edited ones alone; for each of those the rapporteur
 * decides, section by section, whether the regenerated text replaces their edits.
 */

/** The draft as plain data, re-read (at most once a frame) whenever any section changes. */
function useBriefDraft(doc: Y.Doc | undefined): BriefDraft {
  const [draft, setDraft] = useState<BriefDraft>(() => (doc ? readBriefDraft(doc) : {}));
  useEffect(() => {
    if (!doc) return;
    setDraft(readBriefDraft(doc));
    let scheduled = false;
    const stop = observeBrief(doc, () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        setDraft(readBriefDraft(doc));
      });
    });
    return stop;
  }, [doc]);
  return draft;
}

export function sectionLabel(key: string, board: BoardSnapshot): string {
  const qid = questionOfSection(key);
  if (qid) {
    const i = board.questions.findIndex((q) => q.id === qid);
    return t.fieldPrompt(i + 1);
  }
  switch (key) {
    case 'header':
      return t.briefSectionHeader;
    case 'opening':
      return t.briefSectionOpening;
    case 'takeaways':
      return t.briefSectionTakeaways;
    case 'recommendations':
      return t.briefSectionRecommendations;
    case 'countries':
      return t.briefSectionCountries;
    case 'commission':
      return t.briefSectionCommission;
    case 'annex':
      return t.briefSectionAnnex;
    default:
      return key;
  }
}

function describeOutcomes(sections: BriefSectionResult[]): string {
  const count = (o: BriefSectionResult['outcome']) =>
    sections.filter((s) => s.outcome === o).length;
  const parts: string[] = [];
  if (count('created') > 0) parts.push(t.briefCreated(count('created')));
  if (count('updated') + count('replaced') > 0) {
    parts.push(t.briefUpdated(count('updated') + count('replaced')));
  }
  if (count('kept') > 0) parts.push(t.briefKept(count('kept')));
  if (parts.length === 0) parts.push(t.briefUpToDate);
  return parts.join(' · ');
}

const PreviewSection = memo(function PreviewSection({
  text,
  meta,
}: {
  text: string;
  meta: boolean;
}) {
  const blocks = useMemo(() => parseBrief(text), [text]);
  return (
    <div className={meta ? 'brief-page__header' : undefined}>
      <BriefBlocks blocks={blocks} meta={meta} />
    </div>
  );
});

/**
 * The keep-or-replace choice for one edited section, shown inside that section (where the
 * rapporteur clicked), brought into view and focused when it appears.
 */
function SectionDecision({
  decision,
  label,
  busy,
  focusToken,
  onReplace,
  onKeep,
}: {
  decision: BriefSectionResult;
  label: string;
  busy: boolean;
  /** Changes when this decision should take focus (it was just asked for). */
  focusToken: number;
  onReplace: () => void;
  onKeep: () => void;
}) {
  const box = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (focusToken === 0) return;
    box.current?.scrollIntoView({ block: 'nearest' });
    box.current?.focus({ preventScroll: true });
  }, [focusToken]);
  return (
    <fieldset ref={box} className="brief__decision" tabIndex={-1}>
      <legend className="brief__decision-text">
        {decision.boardChanged === false ? t.briefDecisionSame : t.briefDecisionChanged}
      </legend>
      <details>
        <summary>{t.briefShowRegenerated}</summary>
        <pre className="brief__source">{decision.generated ?? ''}</pre>
      </details>
      <div className="row">
        <button
          type="button"
          className="btn btn--small"
          disabled={busy}
          onClick={onReplace}
          aria-label={`${decision.boardChanged === false ? t.briefRestore : t.briefReplace}: ${label}`}
        >
          {decision.boardChanged === false ? t.briefRestore : t.briefReplace}
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={onKeep}
          aria-label={`${t.briefKeep}: ${label}`}
        >
          {t.briefKeep}
        </button>
      </div>
    </fieldset>
  );
}

function SectionEditor({
  sectionKey,
  label,
  text,
  edited,
  busy,
  onRegenerate,
  decision,
}: {
  sectionKey: string;
  label: string;
  text: Y.Text;
  edited: boolean;
  busy: boolean;
  onRegenerate: () => void;
  /** The pending keep-or-replace choice of this section, if any. */
  decision: ReactNode;
}) {
  const id = `brief-${sectionKey.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  // Rows for the text as it wraps (about 70 characters a line in the editor column).
  const lines = text
    .toString()
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 70)), 0);
  return (
    <div className="field brief-section">
      <div className="brief-section__head">
        <label htmlFor={id}>{label}</label>
        <span className={`badge ${edited ? 'badge--submit' : 'badge--lobby'}`}>
          {edited ? t.briefEdited : t.briefAsGenerated}
        </span>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={onRegenerate}
          disabled={busy}
          aria-label={t.briefRegenerateSection(label)}
        >
          {t.briefRegenerate}
        </button>
      </div>
      {decision}
      <SharedTextArea
        text={text}
        id={id}
        rows={Math.min(28, Math.max(4, lines + 1))}
        maxLength={LIMITS.briefSection}
      />
    </div>
  );
}

export function BriefEditor({
  workshopId,
  token,
  board,
  doc,
}: {
  workshopId: string;
  token: string;
  board: BoardSnapshot;
  doc: Y.Doc | undefined;
}) {
  const draft = useBriefDraft(doc);
  const keys = briefSectionKeys(board.questions.map((q) => q.id));
  const hasDraft = keys.some((k) => draft[k]?.base != null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<BriefSectionResult[]>([]);
  // The decision to bring into view and focus after a run, and a counter so the same section
  // asked twice takes focus again.
  const [focusRequest, setFocusRequest] = useState<{ key: string; n: number }>({ key: '', n: 0 });

  const run = async (body: { sections?: string[]; replace?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await generateBrief(workshopId, token, body);
      setStatus(describeOutcomes(reply.sections));
      const asked = body.sections?.length === 1 && !body.replace ? body.sections[0] : undefined;
      // Updating the whole draft asks only where the board changed: an edited section whose
      // board did not change has nothing new to take. A section regenerated on its own always
      // asks (the rapporteur asked), saying whether the board changed.
      const kept = reply.sections.filter(
        (s) => s.outcome === 'kept' && (s.key === asked || s.boardChanged !== false),
      );
      const touched = new Set(reply.sections.map((s) => s.key));
      // Sections this call looked at are decided again; others keep their pending decision.
      setDecisions((previous) => [...previous.filter((d) => !touched.has(d.key)), ...kept]);
      const first = kept.find((s) => s.key === asked) ?? kept[0];
      if (first) setFocusRequest((r) => ({ key: first.key, n: r.n + 1 }));
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t.briefFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="brief stack">
      <div className="row brief__toolbar">
        <button type="button" className="btn" onClick={() => run({})} disabled={busy}>
          {hasDraft ? t.briefUpdate : t.briefGenerate}
        </button>
        <span className="muted small">{hasDraft ? t.briefUpdateHint : t.briefGenerateHint}</span>
        <span className="small" role="status" aria-live="polite">
          {busy ? t.briefWorking : status}
        </span>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}

      {!hasDraft || !doc ? (
        <p className="muted">{t.briefEmpty}</p>
      ) : (
        <div className="brief__columns">
          {/* The editor and the preview fail apart: a section that cannot be previewed can
              still be edited, and the next edit tries the preview again. */}
          <PanelBoundary name="brief editor" resetKey={draft}>
            <div className="brief__editor stack">
              <p className="hint">{t.briefFormatHint}</p>
              {keys.map((key) => {
                const text = briefText(doc, key);
                if (!text) return null;
                const label = sectionLabel(key, board);
                const decision = decisions.find((d) => d.key === key);
                return (
                  <SectionEditor
                    key={key}
                    sectionKey={key}
                    label={label}
                    text={text}
                    edited={isEdited(draft[key])}
                    busy={busy}
                    onRegenerate={() => run({ sections: [key] })}
                    decision={
                      decision ? (
                        <SectionDecision
                          decision={decision}
                          label={label}
                          busy={busy}
                          focusToken={focusRequest.key === key ? focusRequest.n : 0}
                          onReplace={() => run({ sections: [key], replace: [key] })}
                          onKeep={() => setDecisions((all) => all.filter((x) => x.key !== key))}
                        />
                      ) : null
                    }
                  />
                );
              })}
            </div>
          </PanelBoundary>
          <PanelBoundary name="brief preview" resetKey={draft}>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the preview scrolls on its own, and a scrollable region must be reachable from the keyboard */}
            <section className="brief__preview" aria-labelledby="brief-preview-title" tabIndex={0}>
              <h2 id="brief-preview-title" className="brief__preview-title">
                {t.briefPreview}
              </h2>
              <article className="brief-page">
                {keys.map((key) => (
                  <PreviewSection key={key} text={draft[key]?.text ?? ''} meta={key === 'header'} />
                ))}
                <p className="brief-page__note">{t.briefTablesNote}</p>
              </article>
            </section>
          </PanelBoundary>
        </div>
      )}
    </div>
  );
}
