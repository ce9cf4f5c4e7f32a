/**
 * A one-line JSON logger. Callers pass ids and codes, never idea text, names or tokens:
 * logs are kept longer than the workshop and must not break the Chatham House Rule.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(enabled = true): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    if (!enabled) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
    (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

/** Reduces any thrown value to a loggable message without user content. */
export function errorName(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.slice(0, 200)}`;
  return String(err).slice(0, 200);
}
