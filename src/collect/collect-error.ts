// The error of a collector that cannot start or stop cleanly: one sentence on stderr, exit code 2.

/** A collector that cannot start (the address, the directory, the lock) or sync at shutdown. */
export class CollectError extends Error {}
