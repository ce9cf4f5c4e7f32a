import type { RequestHandler } from 'express';

/**
 * `X-Convene-Node: <NODE_ID>` on every HTTP reply of a node that has a NODE_ID (issue 17,
 * cluster mode): operators and the cluster tests see which node behind the proxy answered.
 * Without a NODE_ID (one node, the default) nothing is added.
 *
 * Only HTTP replies carry it: a WebSocket upgrade is answered by the ws libraries, not here.
 */
export function nodeHeader(nodeId: string | undefined): RequestHandler {
  if (nodeId === undefined || nodeId === '') return (_req, _res, next) => next();
  // A value Node refuses in a header would fail every request; refuse it once, at start.
  if (!/^[\x21-\x7e]{1,100}$/.test(nodeId)) {
    throw new Error('NODE_ID must be 1-100 printable ASCII characters without spaces');
  }
  return (_req, res, next) => {
    res.setHeader('X-Convene-Node', nodeId);
    next();
  };
}
