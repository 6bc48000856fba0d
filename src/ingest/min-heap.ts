// A binary min-heap of session deadlines, for finalising sessions in deadline order.

/** A session's finalisation deadline (event time, ms). */
export interface Deadline {
  at: number;
  sessionId: string;
}

/** A binary min-heap of deadlines by time. */
export class MinHeap {
  private readonly items: Deadline[] = [];

  peek(): Deadline | undefined {
    return this.items[0];
  }

  push(item: Deadline): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Deadline).at <= item.at) break;
      items[i] = items[parent] as Deadline;
      i = parent;
    }
    items[i] = item;
  }

  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && (items[right] as Deadline).at < (items[left] as Deadline).at ? right : left;
      if ((items[child] as Deadline).at >= last.at) break;
      items[i] = items[child] as Deadline;
      i = child;
    }
    items[i] = last;
  }
}
