import { debateText, notesText } from '@convene/shared';
import type * as Y from 'yjs';

/**
 * A question's texts in a replica, through the doc's own accessors (shared/src/doc): tests
 * read and type into the doc as screens do, not through raw `getMap`. Raw access stays only
 * where a test plants what the accessors would never write (hostile writers, readers' limits).
 */

/** The question's notes text; fails the test when the doc has none for it. */
export function notesOf(doc: Y.Doc, questionId: string): Y.Text {
  const text = notesText(doc, questionId);
  if (!text) throw new Error(`no notes text for question ${questionId} in this doc`);
  return text;
}

/** The question's "Points of debate" text; fails the test when the doc has none for it. */
export function debateOf(doc: Y.Doc, questionId: string): Y.Text {
  const text = debateText(doc, questionId);
  if (!text) throw new Error(`no points-of-debate text for question ${questionId} in this doc`);
  return text;
}
