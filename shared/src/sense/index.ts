export { guessLanguage, SENSE_LANGUAGES, type SenseLanguage } from './language.ts';
export * from './senseIndex.ts';
export { type SenseToken, senseTokens } from './tokens.ts';
