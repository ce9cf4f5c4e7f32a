import type { AnyCommandDef } from './commandBus.ts';
import { ideaSubmit } from './ideaCommands.ts';
import { phaseSet } from './phaseCommands.ts';

/** Every socket command the server understands. */
export const COMMANDS: readonly AnyCommandDef[] = [ideaSubmit, phaseSet];
