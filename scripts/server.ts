// The app's HTTP server, run by `npm start` (scripts/start.ts) in place of `next start`: Next.js's own
// request handler behind lib/http/front-gate.ts, on a node:http server whose timeouts we set. A client
// that declares a body and never sends it is cut off after REQUEST_TIMEOUT_MS, not Node's default of
// five minutes (issue 20). `npm run dev` keeps `next dev` (its hot reload needs Next's own server).
import { createServer } from "node:http";
import next from "next";
import {
  frontGate,
  HEADERS_TIMEOUT_MS,
  parseTrustedProxies,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from "../lib/http/front-gate";

const port = Number(process.env.PORT ?? "3000");
const hostname = process.env.HOSTNAME || undefined;
const trustedProxies = parseTrustedProxies(process.env.TRUSTED_PROXIES);

const app = next({ dev: false, dir: process.cwd(), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(
  {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  },
  (request, response) => {
    if (frontGate(request, response, trustedProxies)) return;
    // A failure inside Next must cost one answer, not the process (an unhandled rejection would end it).
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  },
);
server.listen(port, hostname, () => {
  console.log(`Marginalia is listening on http://${hostname ?? "localhost"}:${port}`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Open streams (live updates) would keep close() waiting for ever.
  server.closeAllConnections();
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
