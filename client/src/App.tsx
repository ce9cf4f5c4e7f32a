import { useLanguage } from './i18n/i18n.ts';
import { FacilitatorScreen } from './roles/facilitator/FacilitatorScreen.tsx';
import { HomeScreen } from './roles/home/HomeScreen.tsx';
import { JoinScreen } from './roles/participant/JoinScreen.tsx';
import { ParticipantScreen } from './roles/participant/ParticipantScreen.tsx';
import { ProjectorScreen } from './roles/projector/ProjectorScreen.tsx';
import { RapporteurScreen } from './roles/rapporteur/RapporteurScreen.tsx';
import { SeriesScreen } from './roles/series/SeriesScreen.tsx';

/** One route per role; the path is the whole router (links are shared as plain URLs). */
export function App() {
  // A language switch re-renders every screen with the new dictionary.
  const language = useLanguage();
  return <Route key={language} />;
}

function Route() {
  const [, section = '', id = ''] = location.pathname.split('/');
  const param = decodeURIComponent(id);
  switch (section) {
    case 'join':
      return <JoinScreen initialCode={param} />;
    case 'participant':
      return <ParticipantScreen workshopId={param} />;
    case 'facilitator':
      return <FacilitatorScreen workshopId={param} />;
    case 'projector':
      return <ProjectorScreen workshopId={param} />;
    case 'rapporteur':
      return <RapporteurScreen workshopId={param} />;
    case 'series':
      return <SeriesScreen seriesId={param} />;
    default:
      return <HomeScreen />;
  }
}
