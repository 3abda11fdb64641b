// The app process's one live hub (one LISTEN connection), created on first use and kept across hot
// reloads in development.
import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { LiveHub } from "./hub";

const globalForLive = globalThis as unknown as { marginaliaLiveHub?: LiveHub };

export function appLiveHub(): LiveHub {
  if (!globalForLive.marginaliaLiveHub) {
    const connectionString = env().DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set; live updates need the database.");
    globalForLive.marginaliaLiveHub = new LiveHub(db, connectionString);
  }
  return globalForLive.marginaliaLiveHub;
}
