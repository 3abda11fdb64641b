// Dates shown to users about their account standing. UTC, so the server-rendered account page and the
// client-rendered header say the same thing.
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function formatDate(value: Date | string): string {
  return DATE.format(typeof value === "string" ? new Date(value) : value);
}

export function formatDateTime(value: Date | string): string {
  return `${DATE_TIME.format(typeof value === "string" ? new Date(value) : value)} UTC`;
}
