import { ConfigurationError, Spine, type Logger } from '@necrostack/core';
import {
  Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit,
} from '@nestjs/common';
import { OrganExplorer } from '../discovery/organ-explorer';
import { SpineNotReadyError } from '../errors';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { NECROSTACK_MODULE_OPTIONS, type NecroStackModuleOptions } from '../module-options';
import { spineReference } from './spine-reference';

/**
 * Where the module's Spine is in its life: `idle` until the module starts it (and for good with
 * `autoStart: false` or without organs), `running`, `stopped` after shutdown, `failed` when
 * `runForever()` ended on an error.
 *
 * @example
 * ```ts
 * const state: SpineState | undefined = (await indicator.isHealthy()).necrostack?.spine;
 * ```
 */
export type SpineState = 'idle' | 'running' | 'stopped' | 'failed';

/**
 * Builds the Spine from the organs Nest built, and runs it on Nest's lifecycle: built on module
 * init, started on application bootstrap, stopped gracefully before shutdown (in-flight work
 * finished until `shutdownTimeoutMs`), the backend closed on shutdown.
 */
@Injectable()
export class SpineHost implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  /** The Spine Nest injects: usable from onModuleInit on. */
  readonly reference: Spine;
  private readonly logger: Logger;
  private spine: Spine | undefined;
  private missing: SpineNotReadyError['reason'] = 'not built yet';
  private running: Promise<void> | undefined;
  private current: SpineState = 'idle';

  constructor(
    @Inject(NECROSTACK_MODULE_OPTIONS) private readonly options: NecroStackModuleOptions,
    private readonly explorer: OrganExplorer,
  ) {
    this.logger = options.spine?.logger ?? new NestLoggerAdapter();
    this.reference = spineReference(() => {
      if (this.spine === undefined) throw new SpineNotReadyError(this.missing);
      return this.spine;
    });
  }

  get state(): SpineState {
    return this.current;
  }

  onModuleInit(): void {
    if (this.explorer.countInstancesOf(SpineHost) > 1) {
      throw new ConfigurationError('NecroStackModule', 'is imported more than once in this application; import NecroStackModule.forRoot() once, in the root module (it is global)');
    }
    const organs = this.explorer.organs(this.logger);
    if (organs.length === 0) {
      this.missing = 'no organs';
      this.logger.warn('No @Organ() provider in the application: the Spine is not built, events are only published');
      return;
    }
    this.spine = new Spine({ ...this.options.spine, organs, backend: this.options.backend, logger: this.logger });
  }

  onApplicationBootstrap(): void {
    const spine = this.spine;
    if (spine === undefined || this.options.autoStart === false) return;
    this.current = 'running';
    this.running = spine.runForever().then(
      () => { this.current = 'stopped'; },
      (error: unknown) => {
        this.current = 'failed';
        this.logger.error('Spine stopped on an error; this application no longer handles events', { error });
      },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.spine?.stop();
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.options.backend.close();
  }
}
