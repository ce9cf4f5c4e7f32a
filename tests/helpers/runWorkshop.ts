import {
  type CreatedWorkshopWithSeries,
  createCluster,
  notesText,
  readIdeas,
  readRounds,
} from '@convene/shared';
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import {
  type AckReply,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  type TestServer,
  waitFor,
  yjsRoundTrip,
} from './testServer.ts';

/**
 * Runs a small workshop through the real server, the way a room would: participants join with
 * names, submit ideas (with who should act and a first step), the facilitator clusters them in
 * the doc, participants vote with dots, results are shown, a rapporteur writes notes.
 */

export interface PlannedIdea {
  /** Index of the participant who writes it. */
  by: number;
  text: string;
  actor?: string;
  nextStep?: string;
  /** Cluster label (ideas with the same label are clustered together). */
  cluster?: string;
  /** Indices of the participants who put a dot on it. */
  votes?: number[];
}

export interface PlannedQuestion {
  prompt: string;
  plannedMinutes?: number;
  ideas: PlannedIdea[];
  notes?: string;
}

export interface PlannedWorkshop {
  title: string;
  series?: string;
  host?: string;
  date?: string;
  chathamHouse?: boolean;
  participants: string[];
  questions: PlannedQuestion[];
}

export interface RanWorkshop {
  created: CreatedWorkshopWithSeries;
  questionIds: string[];
  /** Idea ids per question, in the plan's order. */
  ideaIds: string[][];
  participantIds: string[];
  participantTokens: string[];
  facilitator: Socket;
  facilitatorDoc: DocClient;
  rapporteurDoc: DocClient;
}

const ok = (r: AckReply, what: string) => {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  return r;
};

export async function runWorkshop(server: TestServer, plan: PlannedWorkshop): Promise<RanWorkshop> {
  const created = (await server.createWorkshop({
    title: plan.title,
    ...(plan.series ? { series: plan.series } : {}),
    ...(plan.host ? { host: plan.host } : {}),
    ...(plan.date ? { date: plan.date } : {}),
    ...(plan.chathamHouse === false ? { chathamHouse: false } : {}),
    durationMinutes: 120,
    questions: plan.questions.map((q) => ({
      prompt: q.prompt,
      ...(q.plannedMinutes ? { plannedMinutes: q.plannedMinutes } : {}),
    })),
  })) as CreatedWorkshopWithSeries;
  const facilitator = await connectSocket(server.url, created.facilitatorToken);
  const facilitatorDoc = await connectDoc(server.url, created.id, created.facilitatorToken);
  const rapporteurDoc = await connectDoc(server.url, created.id, created.rapporteurToken);
  const people = await Promise.all(
    plan.participants.map(async (name) => {
      const joined = await server.join(created.joinCode, name);
      const socket = await connectSocket(server.url, joined.participantToken);
      return { joined, socket };
    }),
  );
  const questionIds = created.questions.map((q) => q.id);
  const ideaIds: string[][] = [];
  for (const [qi, q] of plan.questions.entries()) {
    const questionId = questionIds[qi] as string;
    const phase = async (p: string) =>
      ok(await emitAck(facilitator, 'phase:set', { questionId, phase: p }), `phase ${p}`);
    await phase('submit');
    const ids: string[] = [];
    for (const idea of q.ideas) {
      const who = people[idea.by];
      if (!who) throw new Error(`no participant ${idea.by}`);
      const r = ok(
        await emitAck(who.socket, 'idea:submit', {
          questionId,
          text: idea.text,
          ...(idea.actor ? { actor: idea.actor } : {}),
          ...(idea.nextStep ? { nextStep: idea.nextStep } : {}),
        }),
        'idea:submit',
      );
      ids.push(String(r.ideaId));
    }
    ideaIds.push(ids);
    await phase('cluster');
    const doc = facilitatorDoc.doc;
    await waitFor(() => ids.every((id) => readIdeas(doc).some((i) => i.id === id)), {
      docs: [doc],
      what: 'ideas in the facilitator doc',
    });
    const labels = [...new Set(q.ideas.map((i) => i.cluster).filter((c): c is string => !!c))];
    labels.forEach((label, position) => {
      createCluster(
        doc,
        { id: `c${qi}x${position}${created.id.slice(0, 6)}`, questionId, label, position },
        q.ideas.flatMap((i, k) => (i.cluster === label ? [ids[k] as string] : [])),
      );
    });
    await yjsRoundTrip(facilitatorDoc.provider);
    await phase('vote');
    for (const [k, idea] of q.ideas.entries()) {
      for (const voter of idea.votes ?? []) {
        const p = people[voter];
        if (!p) throw new Error(`no participant ${voter}`);
        ok(await emitAck(p.socket, 'vote:cast', { ideaId: ids[k] }), 'vote:cast');
      }
    }
    await phase('results');
    await waitFor(
      () => readRounds(doc).some((r) => r.questionId === questionId && r.status === 'closed'),
      { docs: [doc], what: 'closed round' },
    );
    if (q.notes) {
      const t = notesText(rapporteurDoc.doc, questionId);
      if (!t) throw new Error('no notes text');
      rapporteurDoc.doc.transact(() => t.insert(0, q.notes ?? ''));
      await yjsRoundTrip(rapporteurDoc.provider);
    }
  }
  return {
    created,
    questionIds,
    ideaIds,
    participantIds: people.map((p) => p.joined.participantId),
    participantTokens: people.map((p) => p.joined.participantToken),
    facilitator,
    facilitatorDoc,
    rapporteurDoc,
  };
}

/** The financing workshop of the series, small enough to run in a test. */
export const FINANCING: PlannedWorkshop = {
  title: 'Financing Efforts to Sustain Peace',
  series: 'Applying Sustaining Peace',
  host: 'NYU Center on International Cooperation',
  date: '2017-02-16',
  participants: [
    'Amara Oyelaran-Tessema',
    'Søren Vikstrøm',
    'Lucía Benavides Oquendo',
    'Kwabena Ofori-Mensimah',
    'Hodan Abdirizak Farah',
  ],
  questions: [
    {
      prompt: 'Where could new or redirected money for sustaining peace realistically come from?',
      plannedMinutes: 35,
      notes:
        'The most discussed source was an assessed contribution to the Peacebuilding Fund. As Hodan pointed out, the development envelopes are much larger.',
      ideas: [
        {
          by: 0,
          text: 'Transfer one percent of the annual peacekeeping budget to the Peacebuilding Fund as an assessed contribution.',
          actor: 'General Assembly',
          nextStep: "Table the proposal during the Fifth Committee's resumed session",
          cluster: 'Assessed contributions',
          votes: [0, 1, 2, 3],
        },
        {
          by: 1,
          text: "Use IDA18's larger envelope to co-finance UN peacebuilding programmes in the same countries.",
          actor: 'World Bank',
          nextStep: 'Identify three countries where allocations overlap',
          cluster: 'New partners and instruments',
          votes: [1, 4],
        },
        {
          by: 2,
          text: 'As Søren said, debt swaps for peace could fund national peacebuilding priorities.',
          cluster: 'New partners and instruments',
          votes: [2],
        },
        {
          by: 3,
          text: 'Support tax administration so that governments fund their own peace priorities.',
          actor: 'IMF',
          cluster: 'Domestic resources',
          votes: [0, 3, 4],
        },
      ],
    },
    {
      prompt: 'How should existing funds change to reward prevention and joint work?',
      plannedMinutes: 30,
      notes: 'Participants converged on joint reporting. Several cautioned about pooled risk.',
      ideas: [
        {
          by: 4,
          text: 'Give resident coordinators a small unearmarked fund they can deploy within weeks.',
          actor: 'resident coordinators',
          nextStep: 'Test the fund in three countries',
          cluster: 'Flexibility and risk',
          votes: [0, 1, 2, 4],
        },
        {
          by: 0,
          text: 'Allow agencies to report against shared results instead of separate agency results.',
          actor: 'UN Development Group',
          cluster: 'Reporting and incentives',
          votes: [1, 3],
        },
        {
          by: 2,
          text: '=HYPERLINK("http://evil.example","click") and <script>alert(1)</script> & "quotes"',
          // One dot: a brief leaves ideas nobody voted for to the results annex (issue 14), and
          // the exports must show this one to prove it is escaped.
          votes: [2],
        },
      ],
    },
  ],
};

/** Bytes of a doc as text, for "does not contain" checks. */
export function docText(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8');
}
