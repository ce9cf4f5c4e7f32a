import type { AnyCommandDef } from './commandBus.ts';
import {
  ideaEdit,
  ideaHide,
  ideaMerge,
  ideaMine,
  ideaRestore,
  ideaSubmit,
  ideasReveal,
  ideaWithdraw,
  questionMode,
} from './ideaCommands.ts';
import { phaseSet } from './phaseCommands.ts';
import { senseBelong, senseName, senseSuggest } from './senseCommands.ts';
import {
  clockSync,
  timerAdd,
  timerPause,
  timerResume,
  timerStart,
  timerStop,
} from './timerCommands.ts';
import { roundStart, voteCast, voteConfigure, voteMine, voteRetract } from './voteCommands.ts';

/** Every socket command the server understands. */
export const COMMANDS: readonly AnyCommandDef[] = [
  ideaSubmit,
  ideaEdit,
  ideaWithdraw,
  ideaHide,
  ideaRestore,
  ideaMerge,
  ideaMine,
  ideasReveal,
  questionMode,
  phaseSet,
  voteConfigure,
  roundStart,
  voteCast,
  voteRetract,
  voteMine,
  timerStart,
  timerPause,
  timerResume,
  timerAdd,
  timerStop,
  clockSync,
  // Sense queries (issue 13, clustering help): computed on the render worker.
  senseSuggest,
  senseBelong,
  senseName,
];
