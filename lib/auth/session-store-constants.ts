// Kept apart from session-store.ts so that edge-safe code (auth.config.ts) can import it without Prisma.
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
