import { Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { NecroStackModule } from '@necrostack/nestjs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { quietLogger } from '../lib/quiet-logger';
import { Relay, Sink, timeChain } from './chain-necrostack';

@Module({ providers: [Relay, Sink] })
class ChainModule {}

/**
 * The NecroStack chain hosted by NestJS: Relay and Sink are Nest providers of a feature module, the
 * Spine is NecroStackModule's (injected by its class), same backend, logger and options as the plain
 * contender. The clock starts once the application is up and the input events exist, as for the
 * plain Spine: what it measures is the cost of hosting, not Nest's bootstrap. Handler calls per second.
 */
export async function nestHostedChain(inputs: number): Promise<number> {
  const backend = new InMemoryBackend();
  const app = await NestFactory.createApplicationContext({
    module: ChainModule,
    imports: [NecroStackModule.forRoot({ backend, autoStart: false, spine: { logger: quietLogger(), maxSteps: inputs * 3 } })],
  }, { logger: false });
  const callsPerSecond = await timeChain(backend, app.get(Spine), app.get(Sink), inputs);
  await app.close();
  return callsPerSecond;
}
