import {
  AttachWorkshopSchema,
  CommandIdSchema,
  CreateSeriesSchema,
  CreateWorkshopSchema,
  describeZodError,
  ExportFormatSchema,
  IdeaEditSchema,
  IdeaHideSchema,
  IdeaSubmitSchema,
  IdSchema,
  JoinSchema,
  LIMITS,
  PhaseSetSchema,
  RedactSchema,
  WorkshopArchiveSchema,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { fixtureArchive } from '../helpers/fixtureBoard.ts';

/**
 * Table tests of every inbound schema. A rejection must also leave its input untouched: the
 * server parses payloads it does not own, and a parser that mutated them could corrupt state.
 */
function expectRejected(schema: z.ZodType, input: unknown, messagePart?: RegExp): void {
  const before = structuredClone(input);
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  expect(input).toStrictEqual(before);
  if (!result.success) {
    const message = describeZodError(result.error);
    expect(message.length).toBeGreaterThan(0);
    if (messagePart) expect(message).toMatch(messagePart);
  }
}

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const before = structuredClone(input);
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(describeZodError(result.error));
  expect(input).toStrictEqual(before);
  return result.data;
}

const Q = 'q_123-ABC';
const CMD = 'cmd-0001_abc';

describe('IdSchema and CommandIdSchema', () => {
  test.each([
    ['a', true],
    ['A-z_09', true],
    ['x'.repeat(64), true],
    ['', false],
    ['x'.repeat(65), false],
    ['has space', false],
    ['dot.ted', false],
    ['slash/ed', false],
    ['ünï', false],
  ])('IdSchema %j → %s', (id, ok) => {
    expect(IdSchema.safeParse(id).success).toBe(ok);
  });

  test.each([
    ['abcdefgh', true],
    ['12345678', true],
    ['a-b_c-d_e', true],
    ['x'.repeat(64), true],
    ['abcdefg', false],
    ['x'.repeat(65), false],
    ['abc def12', false],
    ['abcdefg!', false],
    ['abcdefgh\n', false],
  ])('CommandIdSchema %j → %s', (id, ok) => {
    expect(CommandIdSchema.safeParse(id).success).toBe(ok);
  });

  test.each([12345678, null, undefined, {}, ['abcdefgh']])('CommandIdSchema rejects %j', (v) => {
    expect(CommandIdSchema.safeParse(v).success).toBe(false);
  });
});

describe('IdeaSubmitSchema', () => {
  test.each([
    ['plain', { questionId: Q, text: 'Fund local mediators' }, 'Fund local mediators'],
    [
      'trims both ends',
      { questionId: Q, text: '  \n Fund local mediators \t ' },
      'Fund local mediators',
    ],
    ['one character', { questionId: Q, text: 'x' }, 'x'],
    ['exactly 500', { questionId: Q, text: 'a'.repeat(500) }, 'a'.repeat(500)],
    ['500 plus padding', { questionId: Q, text: `  ${'a'.repeat(500)}  ` }, 'a'.repeat(500)],
    [
      'inner newline and tab kept',
      { questionId: Q, text: 'one\ntwo\tthree\r\nfour' },
      'one\ntwo\tthree\r\nfour',
    ],
    ['unicode', { questionId: Q, text: 'Paix durable — 和平 ✌' }, 'Paix durable — 和平 ✌'],
  ])('accepts %s', (_name, input, text) => {
    expect(parsed(IdeaSubmitSchema, input).text).toBe(text);
  });

  test('keeps optional fields, trimmed, and a well-formed commandId', () => {
    expect(
      parsed(IdeaSubmitSchema, {
        questionId: Q,
        text: 'Idea',
        actor: '  UN country team ',
        nextStep: ' Map who funds what ',
        commandId: CMD,
      }),
    ).toStrictEqual({
      questionId: Q,
      text: 'Idea',
      actor: 'UN country team',
      nextStep: 'Map who funds what',
      commandId: CMD,
    });
  });

  test('optional fields may be empty strings (the form sends them blank)', () => {
    const out = parsed(IdeaSubmitSchema, {
      questionId: Q,
      text: 'Idea',
      actor: '',
      nextStep: '  ',
    });
    expect(out.actor).toBe('');
    expect(out.nextStep).toBe('');
  });

  test.each([
    ['missing text', { questionId: Q }],
    ['missing questionId', { text: 'Idea' }],
    ['empty text', { questionId: Q, text: '' }],
    ['whitespace-only text', { questionId: Q, text: ' \n\t ' }],
    ['501 characters', { questionId: Q, text: 'a'.repeat(501) }],
    ['501 after trimming', { questionId: Q, text: ` ${'a'.repeat(501)} ` }],
    ['huge text', { questionId: Q, text: 'a'.repeat(100_000) }],
    ['NUL', { questionId: Q, text: 'bad\u0000idea' }],
    ['BEL', { questionId: Q, text: 'bad\u0007idea' }],
    ['ESC', { questionId: Q, text: '\u001b[31mred' }],
    ['vertical tab', { questionId: Q, text: 'a\u000Bb' }],
    ['form feed', { questionId: Q, text: 'a\u000Cb' }],
    ['DEL', { questionId: Q, text: 'a\u007Fb' }],
    ['control char in actor', { questionId: Q, text: 'ok', actor: 'x\u0001' }],
    ['actor too long', { questionId: Q, text: 'ok', actor: 'a'.repeat(LIMITS.ideaActor + 1) }],
    [
      'nextStep too long',
      { questionId: Q, text: 'ok', nextStep: 'a'.repeat(LIMITS.ideaNextStep + 1) },
    ],
    ['text is a number', { questionId: Q, text: 42 }],
    ['text is null', { questionId: Q, text: null }],
    ['text is an array', { questionId: Q, text: ['Idea'] }],
    ['text is an object', { questionId: Q, text: { toString: 'Idea' } }],
    ['questionId is a number', { questionId: 7, text: 'Idea' }],
    ['questionId with a slash', { questionId: '../q', text: 'Idea' }],
    ['questionId empty', { questionId: '', text: 'Idea' }],
    ['unknown key', { questionId: Q, text: 'Idea', author: 'alice' }],
    ['participantId smuggled in', { questionId: Q, text: 'Idea', participantId: 'p1' }],
    ['commandId too short', { questionId: Q, text: 'Idea', commandId: 'abc' }],
    ['commandId too long', { questionId: Q, text: 'Idea', commandId: 'x'.repeat(65) }],
    ['commandId with spaces', { questionId: Q, text: 'Idea', commandId: 'abc def ghi' }],
    ['commandId is a number', { questionId: Q, text: 'Idea', commandId: 12345678 }],
  ])('rejects %s', (_name, input) => {
    expectRejected(IdeaSubmitSchema, input);
  });

  test.each([null, undefined, 'Idea', 42, true, [], [{ questionId: Q, text: 'Idea' }]])(
    'rejects the non-object %j',
    (input) => {
      expectRejected(IdeaSubmitSchema, input);
    },
  );

  test('rejects a __proto__ key from JSON (no prototype tricks get through)', () => {
    const input = JSON.parse(`{"questionId":"${Q}","text":"Idea","__proto__":{"admin":true}}`);
    expectRejected(IdeaSubmitSchema, input);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test('messages name the field that failed', () => {
    expectRejected(IdeaSubmitSchema, { questionId: Q, text: 'a'.repeat(501) }, /text/);
    expectRejected(IdeaSubmitSchema, { questionId: Q, text: 'a\u0000' }, /control characters/);
    expectRejected(IdeaSubmitSchema, { questionId: Q, text: 'x', extra: 1 }, /extra/);
  });
});

describe('PhaseSetSchema', () => {
  test.each(['lobby', 'submit', 'cluster', 'vote', 'results', 'closed'])('accepts %s', (phase) => {
    expect(parsed(PhaseSetSchema, { questionId: Q, phase })).toStrictEqual({
      questionId: Q,
      phase,
    });
  });

  test('accepts a commandId', () => {
    expect(parsed(PhaseSetSchema, { questionId: Q, phase: 'vote', commandId: CMD }).commandId).toBe(
      CMD,
    );
  });

  test.each([
    ['unknown phase', { questionId: Q, phase: 'brainstorm' }],
    ['upper case phase', { questionId: Q, phase: 'SUBMIT' }],
    ['phase with spaces', { questionId: Q, phase: ' submit ' }],
    ['missing phase', { questionId: Q }],
    ['missing questionId', { phase: 'submit' }],
    ['phase is a number', { questionId: Q, phase: 1 }],
    ['unknown key', { questionId: Q, phase: 'submit', force: true }],
    ['bad commandId', { questionId: Q, phase: 'submit', commandId: 'short' }],
    ['null', null],
    ['string', 'submit'],
  ])('rejects %s', (_name, input) => {
    expectRejected(PhaseSetSchema, input);
  });
});

describe('CreateWorkshopSchema', () => {
  const minimal = { title: 'Sustaining peace', questions: [{ prompt: 'What works?' }] };

  test('fills the defaults: 3 dots, 1 per idea, Chatham House on', () => {
    expect(parsed(CreateWorkshopSchema, minimal)).toStrictEqual({
      title: 'Sustaining peace',
      questions: [{ prompt: 'What works?' }],
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
    });
  });

  test('keeps every optional field, trimmed', () => {
    const out = parsed(CreateWorkshopSchema, {
      title: '  Sustaining peace ',
      questions: [{ prompt: ' What works? ', plannedMinutes: 30 }, { prompt: 'Next?' }],
      series: ' Applying Sustaining Peace ',
      host: ' Institute A ',
      date: '2024-02-29',
      durationMinutes: 120,
      chathamHouse: false,
      voteBudget: 5,
      maxVotesPerIdea: 5,
    });
    expect(out).toStrictEqual({
      title: 'Sustaining peace',
      questions: [{ prompt: 'What works?', plannedMinutes: 30 }, { prompt: 'Next?' }],
      series: 'Applying Sustaining Peace',
      host: 'Institute A',
      date: '2024-02-29',
      durationMinutes: 120,
      chathamHouse: false,
      voteBudget: 5,
      maxVotesPerIdea: 5,
    });
  });

  test.each([
    ['20 questions', { questions: Array.from({ length: 20 }, (_, i) => ({ prompt: `Q${i}` })) }],
    ['budget 20, 20 per idea', { voteBudget: 20, maxVotesPerIdea: 20 }],
    ['budget 1', { voteBudget: 1 }],
    ['title of 200', { title: 't'.repeat(200) }],
    ['duration 5', { durationMinutes: 5 }],
    ['leap day', { date: '2028-02-29' }],
  ])('accepts %s', (_name, patch) => {
    expect(CreateWorkshopSchema.safeParse({ ...minimal, ...patch }).success).toBe(true);
  });

  test.each([
    ['missing title', { title: undefined }],
    ['empty title', { title: '   ' }],
    ['title too long', { title: 't'.repeat(LIMITS.title + 1) }],
    ['title is a number', { title: 12 }],
    ['missing questions', { questions: undefined }],
    ['no questions', { questions: [] }],
    ['21 questions', { questions: Array.from({ length: 21 }, (_, i) => ({ prompt: `Q${i}` })) }],
    ['questions not an array', { questions: { prompt: 'x' } }],
    ['question as a string', { questions: ['What works?'] }],
    ['empty prompt', { questions: [{ prompt: '' }] }],
    ['prompt too long', { questions: [{ prompt: 'p'.repeat(LIMITS.questionPrompt + 1) }] }],
    ['unknown key in a question', { questions: [{ prompt: 'x', phase: 'vote' }] }],
    ['plannedMinutes 0', { questions: [{ prompt: 'x', plannedMinutes: 0 }] }],
    ['maxVotesPerIdea > voteBudget', { voteBudget: 2, maxVotesPerIdea: 3 }],
    ['maxVotesPerIdea > default budget', { maxVotesPerIdea: 4 }],
    ['voteBudget 0', { voteBudget: 0 }],
    ['voteBudget 21', { voteBudget: 21, maxVotesPerIdea: 1 }],
    ['voteBudget fractional', { voteBudget: 2.5 }],
    ['voteBudget as a string', { voteBudget: '3' }],
    ['chathamHouse as a string', { chathamHouse: 'yes' }],
    ['durationMinutes 4', { durationMinutes: 4 }],
    ['durationMinutes a day and one', { durationMinutes: 24 * 60 + 1 }],
    ['date in another format', { date: '29/02/2024' }],
    ['date with a time', { date: '2024-02-29T10:00' }],
    ['month 13', { date: '2025-13-01' }],
    ['day 32', { date: '2025-01-32' }],
    ['30 February', { date: '2025-02-30' }],
    ['31 April', { date: '2025-04-31' }],
    ['29 February of a common year', { date: '2025-02-29' }],
    ['unknown key', { admin: true }],
    ['control character in title', { title: 'a\u0000b' }],
  ])('rejects %s', (_name, patch) => {
    expectRejected(CreateWorkshopSchema, { ...minimal, ...patch });
  });

  test('names maxVotesPerIdea when it exceeds the budget', () => {
    expectRejected(
      CreateWorkshopSchema,
      { ...minimal, voteBudget: 2, maxVotesPerIdea: 3 },
      /maxVotesPerIdea/,
    );
  });

  test('rejects a __proto__ key from JSON', () => {
    const input = JSON.parse(
      '{"title":"t","questions":[{"prompt":"p"}],"__proto__":{"voteBudget":9}}',
    );
    expectRejected(CreateWorkshopSchema, input);
  });
});

describe('JoinSchema', () => {
  test.each([
    [{ joinCode: 'AC3K7Q' }, { joinCode: 'AC3K7Q' }],
    [
      { joinCode: 'ac3-k7q', name: ' Alice ' },
      { joinCode: 'ac3-k7q', name: 'Alice' },
    ],
    [
      { joinCode: 'AC3K7Q', name: '' },
      { joinCode: 'AC3K7Q', name: '' },
    ],
    [{ joinCode: 'x'.repeat(32) }, { joinCode: 'x'.repeat(32) }],
  ])('accepts %j', (input, out) => {
    expect(parsed(JoinSchema, input)).toStrictEqual(out);
  });

  test.each([
    ['missing code', {}],
    ['empty code', { joinCode: '' }],
    ['code too long', { joinCode: 'x'.repeat(33) }],
    ['code is a number', { joinCode: 123456 }],
    ['name too long', { joinCode: 'AC3K7Q', name: 'n'.repeat(LIMITS.participantName + 1) }],
    ['name with a control character', { joinCode: 'AC3K7Q', name: 'al\u0000ice' }],
    ['name is a number', { joinCode: 'AC3K7Q', name: 7 }],
    ['unknown key', { joinCode: 'AC3K7Q', role: 'facilitator' }],
    ['null', null],
  ])('rejects %s', (_name, input) => {
    expectRejected(JoinSchema, input);
  });
});

describe('ExportFormatSchema', () => {
  test.each(['md', 'docx', 'html', 'json', 'csv'])('accepts %s', (f) => {
    expect(ExportFormatSchema.safeParse(f).success).toBe(true);
  });
  test.each(['pdf', 'JSON', '', null])('rejects %j', (f) => {
    expect(ExportFormatSchema.safeParse(f).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 11, item 7: noncharacters and lone surrogates are refused in every string field of
// every schema (U+FFFF in an idea made word/document.xml malformed).

describe('every text field refuses noncharacters and lone surrogates', () => {
  const archive = (): Record<string, unknown> => {
    const a = structuredClone(fixtureArchive(0)) as unknown as {
      questions: { ideas: Record<string, unknown>[]; clusters: Record<string, unknown>[] }[];
      draft?: unknown;
      exportedAt?: string;
    };
    const idea = a.questions[0]?.ideas[0] as Record<string, unknown>;
    idea.moderationReason = 'off topic';
    idea.originalText = 'the first words';
    a.draft = { sections: [{ key: 'opening', text: 'Opening', generated: 'Opening' }] };
    a.exportedAt = '2017-06-01T09:00:00.000Z';
    return a as unknown as Record<string, unknown>;
  };
  /** [schema, a valid input, paths of its string fields]. */
  const FIELDS: [string, z.ZodType, () => unknown, (string | number)[][]][] = [
    [
      'idea:submit',
      IdeaSubmitSchema,
      () => ({ questionId: Q, text: 'Fund mediators', actor: 'Donors', nextStep: 'Ask' }),
      [['text'], ['actor'], ['nextStep']],
    ],
    [
      'idea:edit',
      IdeaEditSchema,
      () => ({ ideaId: Q, text: 'Fund mediators', actor: 'Donors', nextStep: 'Ask' }),
      [['text'], ['actor'], ['nextStep']],
    ],
    ['idea:hide', IdeaHideSchema, () => ({ ideaId: Q, reason: 'Off topic' }), [['reason']]],
    [
      'POST /api/workshops',
      CreateWorkshopSchema,
      () => ({
        title: 'Peace',
        questions: [{ prompt: 'What works?' }],
        series: 'Series',
        host: 'Institute',
        seriesToken: 't'.repeat(30),
      }),
      [['title'], ['questions', 0, 'prompt'], ['series'], ['host'], ['seriesToken']],
    ],
    [
      'POST /api/join',
      JoinSchema,
      () => ({ joinCode: 'AC3K7Q', name: 'Alice' }),
      [['joinCode'], ['name']],
    ],
    [
      'POST /api/series',
      CreateSeriesSchema,
      () => ({ name: 'Series', description: 'Six workshops' }),
      [['name'], ['description']],
    ],
    [
      'POST /api/series/:id/workshops',
      AttachWorkshopSchema,
      () => ({ facilitatorToken: 't'.repeat(40) }),
      [['facilitatorToken']],
    ],
    ['POST /api/workshops/:id/redact', RedactSchema, () => ({ ids: ['idea:x@0-5'] }), [['ids', 0]]],
    [
      'POST /api/workshops/import',
      WorkshopArchiveSchema,
      archive,
      [
        ['workshop', 'title'],
        ['workshop', 'series'],
        ['workshop', 'host'],
        ['exportedAt'],
        ['questions', 0, 'prompt'],
        ['questions', 0, 'notes'],
        ['questions', 0, 'clusters', 0, 'label'],
        ['questions', 0, 'ideas', 0, 'text'],
        ['questions', 0, 'ideas', 0, 'actor'],
        ['questions', 0, 'ideas', 0, 'nextStep'],
        ['questions', 0, 'ideas', 0, 'moderationReason'],
        ['questions', 0, 'ideas', 0, 'originalText'],
        ['questions', 0, 'ideas', 0, 'createdAt'],
        ['draft', 'sections', 0, 'text'],
        ['draft', 'sections', 0, 'generated'],
      ],
    ],
  ];
  const BAD = [
    '\uFFFF',
    '\uFFFE',
    '\uFDD0',
    '\uFDEF',
    '\u{1FFFE}',
    '\u{10FFFF}',
    '\uD800',
    '\uDFFF',
  ];
  /** Neighbours of the refused ones, and pairs that make a real character: all fine. */
  const GOOD = ['\uFFFD', '\uFDCF', '\uFDF0', '\u{1F642}', '\u{10FFFD}', '\uD83D\uDE42'];

  /** The input with `insert` spliced into the string at `path` (kept a valid value otherwise). */
  const poison = (input: unknown, path: (string | number)[], insert: string): unknown => {
    const copy = structuredClone(input) as Record<string | number, unknown>;
    let at = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    const value = String(at[last]);
    // Inside a date-time, a character only fits at the end: it must still be refused there.
    at[last] =
      path.includes('createdAt') || path.includes('exportedAt')
        ? `${value}${insert}`
        : `${value.slice(0, 2)}${insert}${value.slice(2)}`;
    return copy;
  };

  for (const [name, schema, valid, paths] of FIELDS) {
    test(`${name}: the valid input is accepted (the control)`, () => {
      parsed(schema, valid());
    });
    test.each(paths.map((p) => [p.join('.'), p] as const))(
      `${name}: %s refuses each of them`,
      (_label, path) => {
        for (const bad of BAD) expectRejected(schema, poison(valid(), path, bad), /noncharacters/);
      },
    );
    test.each(
      paths
        .filter((p) => !p.includes('createdAt') && !p.includes('exportedAt'))
        .map((p) => [p.join('.'), p] as const),
    )(`${name}: %s accepts their neighbours and real emoji`, (_label, path) => {
      for (const good of GOOD) parsed(schema, poison(valid(), path, good));
    });
  }
});
