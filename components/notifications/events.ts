// A window event any client code dispatches when the reader's notifications changed (marked read, a
// live update arrived), so the bell fetches its count again at once instead of at the next poll.
export const NOTIFICATIONS_CHANGED_EVENT = "marginalia:notifications-changed";

export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED_EVENT));
}
