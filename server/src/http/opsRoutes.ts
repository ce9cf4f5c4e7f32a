import { errorBody } from '@convene/shared';
import express, { type RequestHandler, type Router } from 'express';
import { bearerToken, secretsEqual } from '../auth/tokens.ts';
import { errorName, type Logger } from '../log.ts';
import type { AppMetrics } from '../metrics/metrics.ts';

export interface OpsRouteDeps {
  metrics: AppMetrics;
  /** METRICS_TOKEN: when set, /metrics needs it as a Bearer token; unset, /metrics is open. */
  metricsToken?: string | undefined;
  /** False once the node drains (a shutdown has begun): /readyz then answers 503. */
  isReady: () => boolean;
  /** Counts wrong tokens per address, as for the ADMIN_TOKEN (limits/httpLimits.ts). */
  failureLimit: RequestHandler;
  log: Logger;
}

/**
 * The operator's routes (issue 17, operations), beside /healthz and like it outside /api: a
 * scraper or a proxy's health check reaches a node by whatever address it has (an IP, a
 * service name), which the host-name check of the API would refuse. Neither route reveals
 * anything about a workshop: counts by fixed labels, and whether the node takes new work.
 */
export function createOpsRouter(deps: OpsRouteDeps): Router {
  const router = express.Router();

  // A proxy stops sending new clients to a node that answers 503 here, while the node still
  // serves the connections it has (main.ts: SHUTDOWN_DRAIN_SECONDS). Liveness stays /healthz.
  router.get('/readyz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (deps.isReady()) {
      res.json({ ready: true });
      return;
    }
    res.status(503).json({ ready: false, reason: 'draining' });
  });

  router.get('/metrics', deps.failureLimit, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const token = deps.metricsToken;
    if (token) {
      const given = bearerToken(req.get('authorization'));
      if (!(given && secretsEqual(given, token))) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        res
          .status(401)
          .json(errorBody('unauthorized', 'This server needs the METRICS_TOKEN as a Bearer token'));
        return;
      }
    }
    deps.metrics.scrape().then(
      (text) => {
        res.setHeader('Content-Type', deps.metrics.contentType);
        res.send(text);
      },
      (err: unknown) => {
        deps.log.error('metrics_failed', { err: errorName(err) });
        res.status(500).json(errorBody('internal_error', 'The metrics could not be collected'));
      },
    );
  });

  return router;
}
