import { workshopSettingsOf } from '@convene/shared';
import { expect, test } from 'vitest';

// A workshop's settings are declared once and copied by one function (issue 16): the row, the
// doc's meta, the exports, a new workshop and an import all go through it.
test('copies every setting and nothing else; a blank optional setting becomes null', () => {
  const row = {
    id: 'w1',
    joinCode: 'ABC123',
    title: 'Financing for peacebuilding',
    series: 'Sustaining Peace',
    host: 'Geneva Peacebuilding Platform',
    date: '2026-12-06',
    durationMinutes: 120,
    chathamHouse: true,
    voteBudget: 5,
    maxVotesPerIdea: 2,
    createdAt: '2026-12-06T09:00:00.000Z',
  };
  expect(workshopSettingsOf(row)).toStrictEqual({
    title: 'Financing for peacebuilding',
    series: 'Sustaining Peace',
    host: 'Geneva Peacebuilding Platform',
    date: '2026-12-06',
    durationMinutes: 120,
    chathamHouse: true,
    voteBudget: 5,
    maxVotesPerIdea: 2,
  });
  expect(
    workshopSettingsOf({
      title: 'Untitled',
      series: '',
      chathamHouse: false,
      voteBudget: 3,
      maxVotesPerIdea: 1,
    }),
  ).toStrictEqual({
    title: 'Untitled',
    series: null,
    host: null,
    date: null,
    durationMinutes: null,
    chathamHouse: false,
    voteBudget: 3,
    maxVotesPerIdea: 1,
  });
});
