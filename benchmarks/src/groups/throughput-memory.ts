import type { HandlerMiddleware } from '@necrostack/core';
import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { bareChainValidation, necrostackChain } from '../memory/chain-necrostack';
import { nestCqrsChain } from '../memory/chain-nest-cqrs';
import { nestHostedChain } from '../memory/chain-nest-hosted';
import { bareLoop, eventEmitterChain } from '../memory/chain-peers';
import { tracedChain } from '../memory/chain-traced';

const calls = (value: number) => ({ calls: value });

/** A synchronous middleware that only calls on: what composing a middleware costs per handler call. */
const passThrough: HandlerMiddleware = (next) => (event, context) => next(event, context);

function contenders(inputs: number): Contender[] {
  return [
    { key: 'necrostack-c1', label: 'NecroStack, concurrency 1 (default)', run: async () => calls(await necrostackChain(inputs)) },
    { key: 'necrostack-c64', label: 'NecroStack, concurrency 64', run: async () => calls(await necrostackChain(inputs, { concurrency: 64 })) },
    { key: 'necrostack-nest-c1', label: 'NecroStack hosted by NestJS (NecroStackModule), concurrency 1', run: async () => calls(await nestHostedChain(inputs)) },
    { key: 'necrostack-mw-c1', label: 'NecroStack, one pass-through middleware', run: async () => calls(await necrostackChain(inputs, { middleware: [passThrough] })) },
    { key: 'necrostack-otel-nosdk-c1', label: 'NecroStack, tracing() with no OpenTelemetry SDK', run: async () => calls(await tracedChain(inputs, { sdk: false })) },
    { key: 'necrostack-otel-sdk-c1', label: 'NecroStack, tracing() with the SDK and a no-op exporter', run: async () => calls(await tracedChain(inputs, { sdk: true })) },
    { key: 'necrostack-dto-c1', label: 'NecroStack with DTOs, concurrency 1', run: async () => calls(await necrostackChain(inputs, { dto: true })) },
    { key: 'necrostack-dto-c64', label: 'NecroStack with DTOs, concurrency 64', run: async () => calls(await necrostackChain(inputs, { dto: true, concurrency: 64 })) },
    {
      key: 'necrostack-dto-classic-c1', label: 'NecroStack with DTOs, compiledValidation: false (class-validator only), concurrency 1',
      run: async () => calls(await necrostackChain(inputs, { dto: true, compiledValidation: false })),
    },
    { key: 'bare-dto-validation', label: 'bare plainToInstance + validateSync of the chain DTO (per payload)', run: async () => calls(bareChainValidation(inputs)) },
    { key: 'nestjs-cqrs', label: '@nestjs/cqrs EventBus', run: async () => calls(await nestCqrsChain(inputs)) },
    { key: 'event-emitter', label: 'Node EventEmitter (sync)', run: async () => calls(await eventEmitterChain(inputs)) },
    { key: 'bare-loop', label: 'bare await loop', run: async () => calls(await bareLoop(inputs)) },
  ];
}

/** Handler calls/s through PING → Relay → PONG → Sink, NecroStack beside the in-process peers. */
export const throughputMemory: GroupRunner = {
  id: 'throughput-memory',
  section: 'memory',
  describe: (sizes) => ({
    title: 'In memory: handler calls per second',
    description:
      `PING → Relay → PONG → Sink, ${fmt(sizes.chainInputs)} input events (${fmt(sizes.chainInputs * 2)} handler calls) per run, ` +
      'NecroStack on the in-memory backend with default options and the default log level (info). ' +
      '"With DTOs": both organs validate a two-property class-validator DTO (compiled by default; `compiledValidation: false` ' +
      'runs class-transformer + class-validator on every payload); "bare DTO validation": `plainToInstance` + `validateSync` ' +
      'of that DTO on the same payloads, one per handler call, and nothing else; "one pass-through middleware": a Spine ' +
      '`middleware` that only calls `next`. The peers: `@nestjs/cqrs` EventBus, ' +
      'Node\'s EventEmitter (synchronous, no queue) and a bare loop that JSON-parses each message, awaits its handler ' +
      'and re-enqueues the follow-up. The clock starts once each contender\'s input messages exist.',
    metrics: [{ key: 'calls', label: 'handler calls/s', unit: '', digits: 0, better: 'higher' }],
    ratios: [
      { metric: 'calls', baseline: 'necrostack-c1', label: '× NecroStack c1' },
      { metric: 'calls', baseline: 'bare-loop', label: '× bare loop' },
      { metric: 'calls', baseline: 'nestjs-cqrs', label: '× @nestjs/cqrs' },
      { metric: 'calls', baseline: 'bare-dto-validation', label: '× bare DTO validation' },
      { metric: 'calls', baseline: 'necrostack-dto-classic-c1', label: '× DTOs without compiling' },
    ],
    chart: { kind: 'bars', file: 'throughput-memory.svg', metric: 'calls' },
  }),
  steps: (sizes) => contenders(0).length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'in memory', contenders(context.sizes.chainInputs), context.sizes.rounds),
};
