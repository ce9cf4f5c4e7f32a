import { currentQuestion, formatJoinCode } from '@convene/shared';
import { useEffect, useState } from 'react';
import { t } from '../../i18n/messages.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { QrCode } from '../../ui/QrCode.tsx';
import { NoToken } from '../facilitator/FacilitatorScreen.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';

/** Card size by how many ideas share the wall, so 60 fit on one 1080p screen without scrolling. */
function wallDensity(count: number): { font: string; min: string } {
  if (count <= 8) return { font: '1.35em', min: '18em' };
  if (count <= 18) return { font: '1.1em', min: '15em' };
  if (count <= 32) return { font: '0.95em', min: '13em' };
  if (count <= 60) return { font: '0.78em', min: '11em' };
  return { font: '0.68em', min: '9.5em' };
}

/** The room's screen: read-only, legible from the back, never anything attributable. */
export function ProjectorScreen({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('projector', workshopId);
  const board = useWorkshop((s) => s.board);
  const participants = useWorkshop((s) => s.participants);
  const [light, setLight] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'f' || e.key === 'F') void toggleFullscreen();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!token) return <NoToken />;
  const question = board ? currentQuestion(board) : null;
  const ideas = board && question ? board.ideas.filter((i) => i.questionId === question.id) : [];
  const joinUrl = board ? `${location.origin}/join/${board.workshop.joinCode}` : '';
  const density = wallDensity(ideas.length);
  const wallStyle = {
    '--card-font': density.font,
    '--card-min': density.min,
  } as React.CSSProperties;

  return (
    <div className={light ? 'projector projector--light' : 'projector'}>
      <ConnectionBanner />
      {!board || !question ? (
        <p aria-busy="true">{t.connecting}</p>
      ) : (
        <>
          <header className="projector__head">
            <p className="projector__title">{board.workshop.title}</p>
            <h1 className="projector__question">{question.prompt}</h1>
            <p className="projector__phase" aria-live="polite">
              <span className="badge">{t.phase[question.phase]}</span>
              <span>{t.ideasCount(ideas.length)}</span>
            </p>
          </header>
          <aside className="projector__side" aria-label={t.joinCode}>
            <div className="projector__join">
              <div>{t.joinAt}</div>
              <div className="projector__url">{joinUrl}</div>
              <p className="projector__code">
                <span className="visually-hidden">{t.joinCode}: </span>
                {formatJoinCode(board.workshop.joinCode)}
              </p>
              <div className="projector__qr">
                <QrCode value={joinUrl} label={`QR: ${joinUrl}`} />
              </div>
            </div>
            <p className="projector__count" aria-live="polite">
              {t.participantsConnected(participants)}
            </p>
            <div className="projector__tools">
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => void toggleFullscreen()}
              >
                {t.fullScreen}
              </button>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                aria-pressed={light}
                onClick={() => setLight((v) => !v)}
              >
                {t.lightTheme}
              </button>
            </div>
          </aside>
          {ideas.length === 0 ? (
            <p className="wall wall__empty">{t.noIdeasYet}</p>
          ) : (
            <ul className="wall" style={wallStyle} aria-live="polite" aria-label={t.ideasSoFar}>
              {ideas.map((i) => (
                <li key={i.id} className="wall__idea">
                  {i.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // Some browsers refuse without a user gesture; the button is the fallback.
  }
}
