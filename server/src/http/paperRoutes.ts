import {
  type BriefDraft,
  type CheckedText,
  describeZodError,
  IdSchema,
  type NameCandidate,
  type NameCheckReply,
  type NameDecisionReply,
  NameDecisionSchema,
  PAPER_SECTION_KEY_PATTERN,
  type PaperEditConflictBody,
  type PaperGenerateReply,
  PaperGenerateSchema,
  type PaperReply,
  type PaperSection,
  PaperSectionEditSchema,
  type PaperSectionReply,
  planRegeneration,
  type RedactReply,
  RedactSchema,
} from '@convene/shared';
import express, { type Response, type Router } from 'express';
import { newId } from '../auth/tokens.ts';
import { CommandError, commitAndProject } from '../commands/commandBus.ts';
import { decisionKey, type NameJobInput } from '../export/nameJobs.ts';
import {
  generatePaperOffThread,
  nameJobOffThread,
  RenderTimeoutError,
  timeoutReply,
} from '../export/renderPool.ts';
import { storedSource } from '../export/storedWorkshop.ts';
import { errorName, type Logger } from '../log.ts';
import { paperStoreFor } from '../store/paperStore.ts';
import { type SeriesRow, seriesStoreFor } from '../store/seriesStore.ts';
import type { Store } from '../store/store.ts';
import type { BriefRouteDeps } from './briefRoutes.ts';
import { adminGuard, PipelineRefusal, send, sendRefusal, seriesGuard } from './guards.ts';

/**
 * The series' policy paper (issue 15, item 3): generated from the series' workshops, stored
 * section by section (paperStore.ts), co-edited by the series' link holders with version
 * checks, regenerated keep-or-replace like the brief, and checked for participants' names
 * before export — its own text against the names of every workshop of the series. The export
 * itself is `GET /api/series/:id/export` (seriesRoutes.ts), which sends the stored paper.
 *
 * A series link holder is not shown participants' names (issue 14): the paper's check reports
 * only the words found in the paper's own text — which the holder can read anyway — never the
 * participant name they matched.
 */

/**
 * Generates the paper and writes it keep-or-replace; `replace`: edited sections to overwrite.
 * The write goes through the write pipeline (no room: a series has no doc); its refusal is
 * thrown as a PipelineRefusal.
 */
export async function generatePaper(
  store: Store,
  log: Logger,
  row: SeriesRow,
  replace: ReadonlySet<string>,
  now: Date,
): Promise<PaperGenerateReply> {
  const paper = paperStoreFor(store.db);
  const ids = seriesStoreFor(store.db).workshopIds(row.id);
  const settings = paper.settings(row.id);
  const generated = await generatePaperOffThread({
    kind: 'paperGenerate',
    series: {
      name: row.name,
      description: row.description,
      organisers: settings.organisers,
      language: settings.language,
      actorGroups: settings.actorGroups,
    },
    plan: paper.plan(row.id),
    consolidation: paper.consolidationIds(row.id),
    source: storedSource(store, ids),
    now,
  });
  // Read after the worker answered, and written in the same synchronous step: an edit saved
  // while the paper was being generated is seen here, never overwritten unseen.
  const done = commitAndProject(null, { store, log }, 'paper:generate', () => {
    const draft: BriefDraft = Object.fromEntries(
      paper.sections(row.id).map((s) => [s.key, { text: s.text, base: s.base }]),
    );
    const plans = planRegeneration(draft, generated.sections, { replace });
    paper.applyGeneration(
      row.id,
      generated.sections,
      plans
        .filter((p) => p.write)
        .map((p) => ({ key: p.key, title: p.title, text: p.generated, base: p.generated })),
      now.toISOString(),
    );
    return { reply: { plans } };
  });
  if (!done.ok) throw new PipelineRefusal(done.error);
  const { plans } = done;
  return {
    language: generated.language,
    sections: paper.sections(row.id),
    outcomes: plans.map((p) => ({
      key: p.key,
      title: p.title,
      outcome: p.outcome,
      boardChanged: p.boardChanged,
    })),
  };
}

/** The stored paper; generated first when it never was. */
export async function storedPaper(
  store: Store,
  log: Logger,
  row: SeriesRow,
  now: Date,
): Promise<PaperReply> {
  const paper = paperStoreFor(store.db);
  if (paper.sections(row.id).length === 0) return generatePaper(store, log, row, new Set(), now);
  return { language: paper.settings(row.id).language, sections: paper.sections(row.id) };
}

/** Every name the paper is checked against: those of every workshop of the series. */
function seriesNames(store: Store, row: SeriesRow): string[] {
  return seriesStoreFor(store.db)
    .workshopIds(row.id)
    .flatMap((id) => [...store.participantNames(id), ...store.participantList(id)]);
}

function checkInput(store: Store, row: SeriesRow, sections: PaperSection[]): NameJobInput {
  const texts: CheckedText[] = sections.map((s) => ({
    location: { kind: 'draft', section: s.key },
    text: s.text,
  }));
  return {
    names: seriesNames(store, row),
    texts,
    questionNumbers: {},
    chathamHouse: true,
    decided: paperStoreFor(store.db)
      .decisions(row.id)
      .map((d) => d.key),
  };
}

/** Words as read: Markdown escapes dropped, lower case. */
const plainWords = (s: string) => s.replace(/\\(.)/g, '$1').trim().toLocaleLowerCase();

/** The section key of a finding id (`draft:<key>@<start>-<end>`). */
const sectionOfFinding = (id: string) => id.slice('draft:'.length, id.lastIndexOf('@'));

/** The name check of the paper's own text, as its link holders may see it. */
export async function checkPaper(store: Store, row: SeriesRow): Promise<NameCheckReply> {
  const paper = paperStoreFor(store.db);
  const sections = paper.sections(row.id);
  const { reply } = await nameJobOffThread({
    kind: 'names:check',
    input: checkInput(store, row, sections),
  });
  // Words a workshop's rapporteur already marked "not a participant's name" are not asked
  // about again where the paper carries them: the paper quotes its workshops. The paper is
  // Markdown, so its words are compared without their escapes ("@amara\_k" is "@amara_k").
  const ids = seriesStoreFor(store.db).workshopIds(row.id);
  const decidedInWorkshops = new Set(
    ids.flatMap((id) => store.nameDecisions(id).map((d) => plainWords(d.match))),
  );
  const open = reply.findings.filter((f) => !decidedInWorkshops.has(plainWords(f.match)));
  const titles = new Map(sections.map((s) => [s.key, s.title]));
  const findings = open.map((f) => ({
    ...f,
    where: `Policy paper · ${titles.get(sectionOfFinding(f.id)) ?? sectionOfFinding(f.id)}`,
    // Which participant the words may be is the workshop rapporteurs' to know, not the
    // series link holder's.
    names: [],
    alsoIds: undefined,
  }));
  const candidates = new Map<string, NameCandidate>();
  for (const f of findings) {
    const c = candidates.get(f.match) ?? { name: f.match, count: 0, redactable: 0 };
    c.count++;
    c.redactable++;
    candidates.set(f.match, c);
  }
  const chatham = ids.length === 0 || ids.some((id) => store.workshop(id)?.chathamHouse ?? true);
  return {
    chathamHouse: chatham,
    namesChecked: reply.namesChecked,
    total: reply.total - (reply.findings.length - open.length),
    findings,
    candidates: [...candidates.values()].sort((a, b) => b.count - a.count),
    decisions: paper.decisions(row.id).map((d) => ({
      id: d.id,
      kind: d.kind,
      where: d.where,
      match: d.match,
      at: d.at,
      resolves: reply.resolvedByKey[d.key] ?? 0,
    })),
    undoable: [],
  };
}

export function createPaperRouter(deps: BriefRouteDeps): Router {
  const { store, log } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  const paper = paperStoreFor(store.db);
  /** The paper's rows are in no doc: their writes run through the pipeline with no room. */
  const pipeline = { store, log };
  const router = express.Router();
  const seriesOf = seriesGuard(store, adminGuard(deps.adminToken));

  const failed = (res: Response, err: unknown, what: string) => {
    if (err instanceof PipelineRefusal) return sendRefusal(res, err.error);
    if (err instanceof RenderTimeoutError) {
      const reply = timeoutReply(err);
      return send(res, reply.status, 'render_timeout', reply.message);
    }
    log.error(what, { err: errorName(err) });
    send(res, 500, 'internal_error', 'The paper could not be prepared on the server');
  };

  router.get('/series/:id/paper', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const body: PaperReply = {
      language: paper.settings(row.id).language,
      sections: paper.sections(row.id),
    };
    res.json(body);
  });

  router.post('/series/:id/paper/generate', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = PaperGenerateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      res.json(await generatePaper(store, log, row, new Set(parsed.data.replace ?? []), now()));
    } catch (err) {
      failed(res, err, 'paper_generation_failed');
    }
  });

  router.put('/series/:id/paper/sections/:key', (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const key = String(req.params.key);
    if (!PAPER_SECTION_KEY_PATTERN.test(key)) {
      return send(res, 400, 'invalid_payload', 'Unknown kind of paper section');
    }
    const parsed = PaperSectionEditSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    const written = commitAndProject(null, pipeline, 'paper:edit', () => ({
      reply: {
        edit: paper.edit(row.id, key, parsed.data.text, parsed.data.version, now().toISOString()),
      },
    }));
    if (!written.ok) return sendRefusal(res, written.error);
    const done = written.edit;
    if (done.ok) {
      const body: PaperSectionReply = { section: done.section };
      return res.json(body);
    }
    if (!done.current) return send(res, 404, 'not_found', 'The paper has no such section');
    const body: PaperEditConflictBody = {
      error: {
        code: 'edit_conflict',
        message: 'Someone saved this section since you opened it: here is their version',
      },
      section: done.current,
    };
    res.status(409).json(body);
  });

  router.get('/series/:id/paper/name-check', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    try {
      res.setHeader('Cache-Control', 'no-store');
      res.json(await checkPaper(store, row));
    } catch (err) {
      failed(res, err, 'paper_name_check_failed');
    }
  });

  router.post('/series/:id/paper/name-decisions', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = NameDecisionSchema.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const check = await checkPaper(store, row);
      const wanted = new Set(parsed.data.ids);
      const at = now().toISOString();
      const done = commitAndProject(null, pipeline, 'paper:names:decide', () => {
        let recorded = 0;
        for (const f of check.findings.filter((x) => wanted.has(x.id))) {
          const key = decisionKey({
            location: { kind: 'draft', section: sectionOfFinding(f.id) },
            match: f.match,
            before: f.before,
            after: f.after,
          });
          const d = { id: newId(), key, kind: f.kind, where: f.where, match: f.match, at };
          if (paper.insertDecision(row.id, d)) recorded++;
        }
        return { reply: { recorded } };
      });
      if (!done.ok) return sendRefusal(res, done.error);
      const body: NameDecisionReply = {
        recorded: done.recorded,
        check: await checkPaper(store, row),
      };
      res.json(body);
    } catch (err) {
      failed(res, err, 'paper_name_decision_failed');
    }
  });

  router.delete('/series/:id/paper/name-decisions/:decisionId', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const id = IdSchema.safeParse(req.params.decisionId);
    if (!id.success) return send(res, 404, 'not_found', 'No such decision');
    const done = commitAndProject(null, pipeline, 'paper:names:undecide', () => {
      if (!paper.removeDecision(row.id, id.data)) {
        throw new CommandError('not_found', 'No such decision');
      }
      return { reply: {} };
    });
    if (!done.ok) return sendRefusal(res, done.error);
    try {
      res.json({ check: await checkPaper(store, row) });
    } catch (err) {
      failed(res, err, 'paper_name_check_failed');
    }
  });

  /**
   * Replaces findings in the paper's text with "a participant": the chosen ids, every
   * finding of the given words (`names`: as the check lists them), or every finding. Each
   * section is written only if nobody changed it meanwhile (its version is checked), so a
   * rapporteur's edit is never lost to a replacement.
   */
  router.post('/series/:id/paper/redact', async (req, res) => {
    const row = seriesOf(req, res);
    if (!row) return;
    const parsed = RedactSchema.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, 'invalid_payload', describeZodError(parsed.error));
    try {
      const check = await checkPaper(store, row);
      const words = new Set(parsed.data.names ?? []);
      const ids =
        parsed.data.ids ??
        check.findings.filter((f) => words.size === 0 || words.has(f.match)).map((f) => f.id);
      const sections = paper.sections(row.id);
      const { texts } = await nameJobOffThread({
        kind: 'names:redact',
        input: checkInput(store, row, sections),
        choice: { ids },
      });
      const sent = new Map(sections.map((s) => [s.key, s]));
      const at = now().toISOString();
      const done = commitAndProject(null, pipeline, 'paper:names:replace', () => {
        let redacted = 0;
        let skipped = 0;
        for (const t of texts) {
          if (t.location.kind !== 'draft') continue;
          const before = sent.get(t.location.section);
          const edited = before
            ? paper.edit(row.id, before.key, t.value, before.version, at)
            : { ok: false as const };
          if (edited.ok) redacted += t.count;
          else skipped += t.count;
        }
        return { reply: { redacted, skipped } };
      });
      if (!done.ok) return sendRefusal(res, done.error);
      const body: RedactReply = {
        redacted: done.redacted,
        skipped: done.skipped,
        redactionId: null,
        check: await checkPaper(store, row),
      };
      res.json(body);
    } catch (err) {
      failed(res, err, 'paper_redaction_failed');
    }
  });

  return router;
}
