import { Deque } from './deque';

/** A bounded set of event ids: past `capacity`, the oldest is forgotten first. */
export class CompletedIds {
  private readonly ids = new Set<string>();
  private readonly order = new Deque<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    if (this.order.length >= this.capacity) this.ids.delete(this.order.shift() as string);
    this.ids.add(id);
    this.order.push(id);
  }
}
