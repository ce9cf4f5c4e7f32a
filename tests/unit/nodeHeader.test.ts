import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { nodeHeader } from '../../server/src/http/nodeHeader.ts';

// Issue 17: the X-Convene-Node header that tells which node behind the proxy answered.

function run(nodeId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as Response;
  let nexted = false;
  nodeHeader(nodeId)({} as Request, res, () => {
    nexted = true;
  });
  expect(nexted).toBe(true);
  return headers;
}

describe('nodeHeader', () => {
  it('names the node on every reply when NODE_ID is set', () => {
    expect(run('node-2')).toEqual({ 'X-Convene-Node': 'node-2' });
  });

  it('adds nothing on a single node (no NODE_ID, or an empty one)', () => {
    expect(run(undefined)).toEqual({});
    expect(run('')).toEqual({});
  });

  it('refuses at start a NODE_ID that cannot be a header value', () => {
    expect(() => nodeHeader('node 1')).toThrow(/NODE_ID/);
    expect(() => nodeHeader('nœud')).toThrow(/NODE_ID/);
    expect(() => nodeHeader('x'.repeat(101))).toThrow(/NODE_ID/);
  });
});
