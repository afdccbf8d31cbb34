import { silentLogger } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { NecroStackModule, type NecroStackModuleOptions } from '../../src';

const open: TestingModule[] = [];

/** Closes every module the test started (idempotent: Nest's close runs once per cycle). */
export async function closeAll(): Promise<void> {
  for (const moduleRef of open.splice(0).reverse()) await moduleRef.close();
}

/** Options of {@link startModule}: the test's modules and NecroStackModule's options. */
export interface StartModuleOptions extends Partial<NecroStackModuleOptions> {
  readonly imports?: ModuleMetadata['imports'];
  readonly providers?: ModuleMetadata['providers'];
  /** Call init() (lifecycle hooks); default true. */
  readonly init?: boolean;
}

/**
 * A real Nest testing module with NecroStackModule.forRoot (in-memory backend, silent logs unless
 * given) and the test's modules and providers, initialised. Closed by {@link closeAll}.
 */
export async function startModule(options: StartModuleOptions = {}): Promise<TestingModule> {
  const { imports = [], providers = [], init = true, backend = new InMemoryBackend(), spine, autoStart } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [NecroStackModule.forRoot({ backend, spine: { logger: silentLogger, ...spine }, autoStart }), ...imports],
    providers,
  }).compile();
  open.push(moduleRef);
  if (init) await moduleRef.init();
  return moduleRef;
}
