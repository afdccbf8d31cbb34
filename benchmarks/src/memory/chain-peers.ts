import { EventEmitter } from 'node:events';

interface Message {
  readonly type: string;
  readonly n: number;
}

/** A bare async loop that parses each message, awaits its handler and re-enqueues the follow-up. */
export async function bareLoop(inputs: number): Promise<number> {
  const queue: string[] = [];
  for (let i = 0; i < inputs; i++) queue.push(JSON.stringify({ type: 'PING', n: i }));
  const started = process.hrtime.bigint();
  let sunk = 0;
  const handle = async (message: Message): Promise<Message | undefined> => {
    if (message.type === 'PING') return { type: 'PONG', n: message.n + 1 };
    sunk++;
    return undefined;
  };
  for (let head = 0; head < queue.length; head++) {
    const next = await handle(JSON.parse(queue[head] as string) as Message);
    if (next) queue.push(JSON.stringify(next));
  }
  if (sunk !== inputs) throw new Error('bare loop lost messages');
  return (inputs * 2) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Node's EventEmitter: synchronous dispatch, no queue, no isolation. */
export async function eventEmitterChain(inputs: number): Promise<number> {
  const bus = new EventEmitter();
  let sunk = 0;
  bus.on('PING', (m: Message) => bus.emit('PONG', { type: 'PONG', n: m.n + 1 }));
  bus.on('PONG', () => { sunk++; });
  const messages = Array.from({ length: inputs }, (_, n): Message => ({ type: 'PING', n }));
  const started = process.hrtime.bigint();
  for (const message of messages) bus.emit('PING', message);
  if (sunk !== inputs) throw new Error('emitter lost messages');
  return (inputs * 2) / (Number(process.hrtime.bigint() - started) / 1e9);
}
