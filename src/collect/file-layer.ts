// The file operations the durable writer needs, as an interface: the real one here, a failing one in tests.
import { type FileHandle, open } from "node:fs/promises";

/** A file opened for appending (and reading back its last byte). */
export interface AppendFile {
  /** The file's size in bytes. */
  size(): Promise<number>;
  /** The byte at `position`. */
  byteAt(position: number): Promise<number>;
  /** Appends `data`; returns how many bytes were written (possibly fewer than asked). */
  write(data: Uint8Array): Promise<number>;
  /** fdatasync: the data and the size are on the disk. */
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** Opening files for appending, and making a directory's entries durable. */
export interface FileLayer {
  /** Opens `path` for appending, creating it (mode 0640 before the umask) when missing. */
  openAppend(path: string): Promise<AppendFile>;
  /** fsync of a directory: the files created in it survive a power loss. */
  syncDirectory(path: string): Promise<void>;
}

/** Dumps hold phone numbers and names: readable by the owner and the group only. */
const FILE_MODE = 0o640;

/** The real file layer (node:fs). */
export const nodeFileLayer: FileLayer = {
  async openAppend(path) {
    const handle = await open(path, "a+", FILE_MODE);
    return appendFile(handle);
  },
  async syncDirectory(path) {
    const handle = await open(path, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

function appendFile(handle: FileHandle): AppendFile {
  return {
    size: async () => (await handle.stat()).size,
    async byteAt(position) {
      const buffer = Buffer.alloc(1);
      const { bytesRead } = await handle.read(buffer, 0, 1, position);
      if (bytesRead !== 1) throw new Error(`cannot read byte ${position}`);
      return buffer[0] as number;
    },
    write: async (data) => (await handle.write(data)).bytesWritten,
    datasync: () => handle.datasync(),
    close: () => handle.close(),
  };
}
