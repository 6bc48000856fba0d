// The sessionizer's windows (event time) and limits, and their defaults.

/** How long sessions and their event ids are kept; all in event-time milliseconds. */
export interface SessionizeOptions {
  /** A session is finalised once the newest timestamp seen is this far past its COMPLETED. */
  latenessMs: number;
  /** A session without COMPLETED and without events for this long is finalised as incomplete. */
  maxIdleMs: number;
  /** A finalised session's id is remembered this long, so later events are reported as late. */
  tombstoneMs: number;
  /** A session with this many events is finalised (oversized-session); its later events are only counted. */
  maxSessionEvents: number;
}

/** Defaults: 5 minutes lateness, 24 hours idle, 1 hour of tombstones, 10,000 events a session. */
export const DEFAULT_SESSIONIZE_OPTIONS: SessionizeOptions = {
  latenessMs: 300_000,
  maxIdleMs: 86_400_000,
  tombstoneMs: 3_600_000,
  maxSessionEvents: 10_000,
};
