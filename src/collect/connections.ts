// Connections by trust: one that has not yet carried an authenticated request is the first to be closed when
// the connections are all taken, so idle strangers cannot lock the sender out.
import type { Server } from "node:http";
import type { Socket } from "node:net";

/** The connection limit, kept by trust; the receiver tells it which connections authenticated. */
export interface ConnectionGate {
  /** The connection carried an authenticated request: it is never closed to make room, and may stay open idle. */
  trust(socket: Socket): void;
  trusted(socket: Socket): boolean;
  /** Connections closed at once (every open one was trusted), and untrusted ones closed to make room. */
  counts(): { dropped: number; evicted: number };
}

/**
 * Keeps at most `max` connections open. Of them at most `max` minus a reserve (an eighth, at least one) may be
 * untrusted: a new connection past either bound closes the oldest untrusted one, and only when every open
 * connection is trusted is the new one closed instead. A new connection is untrusted until its request
 * authenticates, so a sender's new connection always finds room, however many strangers hold theirs open.
 */
export function gateConnections(server: Server, max: number): ConnectionGate {
  const untrustedMax = Math.max(1, max - Math.ceil(max / 8));
  // Insertion order is age: the first is the oldest.
  const untrusted = new Set<Socket>();
  const trusted = new Set<Socket>();
  let dropped = 0;
  let evicted = 0;
  server.on("connection", (socket: Socket) => {
    if (untrusted.size + trusted.size >= max || untrusted.size >= untrustedMax) {
      const oldest = untrusted.values().next();
      if (oldest.done === true) {
        dropped += 1;
        socket.destroy();
        return;
      }
      untrusted.delete(oldest.value);
      evicted += 1;
      oldest.value.destroy();
    }
    untrusted.add(socket);
    socket.once("close", () => {
      untrusted.delete(socket);
      trusted.delete(socket);
    });
  });
  return {
    trust(socket) {
      if (!untrusted.delete(socket)) return;
      trusted.add(socket);
    },
    trusted: (socket) => trusted.has(socket),
    counts: () => ({ dropped, evicted }),
  };
}
