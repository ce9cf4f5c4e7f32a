export * from './doc/boardDoc.ts';
export * from './domain/joinCode.ts';
export * from './domain/limits.ts';
export * from './domain/phases.ts';
export * from './protocol/errors.ts';
export * from './protocol/http.ts';
export * from './protocol/messages.ts';
export * from './protocol/schemas.ts';
