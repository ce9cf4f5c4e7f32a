import {
  DETAIL_LIMITS,
  isLang,
  type Lang,
  PARTICIPANT_TYPES,
  type ParticipantTypes,
  type WorkshopDetails,
} from '@convene/shared';
import { useId } from 'react';
import { LANGUAGES, t } from '../i18n/i18n.ts';

/**
 * The brief's details as a form edits them (issue 14): the organiser fills them when creating
 * a workshop, the facilitator changes them later ("Brief details"). Lists are typed one item a
 * line; numbers as text, so that an empty field means "not given".
 */
export interface DetailsDraft {
  language: Lang;
  organisers: string;
  seriesNumber: string;
  participantTypes: Record<keyof ParticipantTypes, string>;
  context: string;
  participantList: string;
}

export function blankDetails(language: Lang): DetailsDraft {
  return {
    language,
    organisers: '',
    seriesNumber: '',
    participantTypes: { memberStates: '', unSystem: '', research: '', civilSociety: '', other: '' },
    context: '',
    participantList: '',
  };
}

export function detailsDraftOf(d: WorkshopDetails): DetailsDraft {
  const types = d.participantTypes ?? {};
  return {
    language: d.language,
    organisers: d.organisers.join('\n'),
    seriesNumber: d.seriesNumber === null ? '' : String(d.seriesNumber),
    participantTypes: Object.fromEntries(
      PARTICIPANT_TYPES.map((k) => [k, types[k] === undefined ? '' : String(types[k])]),
    ) as DetailsDraft['participantTypes'],
    context: d.context ?? '',
    participantList: d.participantList.join('\n'),
  };
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The draft as the API takes it: empty fields become null ("not given"). */
export function detailsPayload(d: DetailsDraft) {
  const types: ParticipantTypes = {};
  for (const k of PARTICIPANT_TYPES) {
    const v = d.participantTypes[k].trim();
    if (v !== '') types[k] = Number(v);
  }
  return {
    language: d.language,
    organisers: lines(d.organisers),
    seriesNumber: d.seriesNumber.trim() === '' ? null : Number(d.seriesNumber),
    participantTypes: Object.keys(types).length > 0 ? types : null,
    context: d.context.trim() || null,
    participantList: lines(d.participantList),
  };
}

const TYPE_LABELS: Record<keyof ParticipantTypes, () => string> = {
  memberStates: () => t.typeMemberStates,
  unSystem: () => t.typeUnSystem,
  research: () => t.typeResearch,
  civilSociety: () => t.typeCivilSociety,
  other: () => t.typeOther,
};

export function BriefDetailsFields({
  value,
  onChange,
}: {
  value: DetailsDraft;
  onChange: (next: DetailsDraft) => void;
}) {
  const ids = useId();
  const set = (patch: Partial<DetailsDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="stack brief-details">
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${ids}-lang`}>{t.fieldBriefLanguage}</label>
          <select
            className="brief-details__select"
            id={`${ids}-lang`}
            value={value.language}
            onChange={(e) => {
              const v = e.target.value;
              if (isLang(v)) set({ language: v });
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-number`}>{t.fieldSeriesNumber}</label>
          <input
            id={`${ids}-number`}
            type="number"
            min={1}
            max={DETAIL_LIMITS.seriesNumber}
            value={value.seriesNumber}
            onChange={(e) => set({ seriesNumber: e.target.value })}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-organisers`}>{t.fieldOrganisers}</label>
        <textarea
          id={`${ids}-organisers`}
          rows={3}
          value={value.organisers}
          onChange={(e) => set({ organisers: e.target.value })}
        />
      </div>
      <fieldset className="fieldset-plain">
        <legend className="label">{t.participantTypesLegend}</legend>
        <div className="brief-details__types">
          {PARTICIPANT_TYPES.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`${ids}-type-${k}`}>{TYPE_LABELS[k]()}</label>
              <input
                id={`${ids}-type-${k}`}
                type="number"
                min={0}
                max={DETAIL_LIMITS.participantsPerType}
                value={value.participantTypes[k]}
                onChange={(e) =>
                  set({ participantTypes: { ...value.participantTypes, [k]: e.target.value } })
                }
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-context`}>{t.fieldContext}</label>
        <textarea
          id={`${ids}-context`}
          rows={4}
          maxLength={DETAIL_LIMITS.context}
          value={value.context}
          onChange={(e) => set({ context: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-names`}>{t.fieldParticipantList}</label>
        <textarea
          id={`${ids}-names`}
          rows={3}
          autoComplete="off"
          value={value.participantList}
          onChange={(e) => set({ participantList: e.target.value })}
        />
      </div>
    </div>
  );
}
