import type { BoardQuestion, TimerState } from '@convene/shared';
import { useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';

/** Start, pause, resume, add time, stop: the one workshop timer, with the server as the clock. */
export function TimerControls({
  timer,
  question,
  defaultMinutes,
  onError,
}: {
  timer: TimerState;
  question: BoardQuestion;
  defaultMinutes: number;
  onError: (message: string | null) => void;
}) {
  const ids = useId();
  const [minutes, setMinutes] = useState(String(defaultMinutes));
  const [autoAdvance, setAutoAdvance] = useState(false);
  const run = showingRefusal(onError);
  const seconds = Math.round(Number(minutes) * 60);
  return (
    <fieldset className="fieldset-plain stack">
      <legend className="label">{t.timer}</legend>
      <TimerDisplay timer={timer} question={question} />
      <div className="row">
        <label className="visually-hidden" htmlFor={`${ids}-min`}>
          {t.timerMinutes}
        </label>
        <input
          id={`${ids}-min`}
          type="number"
          min={0.5}
          max={240}
          step={0.5}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          style={{ width: '6rem' }}
        />
        <span className="muted small">{t.timerMinutes}</span>
        <button
          type="button"
          className="btn btn--small"
          disabled={!(seconds >= 1)}
          onClick={() => run(sendCommand('timer:start', { durationSeconds: seconds, autoAdvance }))}
        >
          {t.timerStart}
        </button>
        {timer.status === 'running' ? (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => run(sendCommand('timer:pause', {}))}
          >
            {t.timerPause}
          </button>
        ) : null}
        {timer.status === 'paused' ? (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => run(sendCommand('timer:resume', {}))}
          >
            {t.timerResume}
          </button>
        ) : null}
        {timer.status !== 'idle' ? (
          <>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => run(sendCommand('timer:add', { seconds: 60 }))}
            >
              {t.timerAddMinute}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => run(sendCommand('timer:add', { seconds: -60 }))}
            >
              {t.timerRemoveMinute}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => run(sendCommand('timer:stop', {}))}
            >
              {t.timerStop}
            </button>
          </>
        ) : null}
      </div>
      <label className="checkbox small">
        <input
          type="checkbox"
          checked={autoAdvance}
          onChange={(e) => setAutoAdvance(e.target.checked)}
        />
        <span>{t.timerAutoAdvance}</span>
      </label>
    </fieldset>
  );
}
