import { container } from 'tsyringe';
import { BACKEND, ConfigurationError, LOGGER, SPINE_OPTIONS, Spine, type Backend, type ContainerSpineOptions, type Logger } from '@necrostack/core';
import { CliError } from '../output/cli-error';

/**
 * Builds a Spine the way an application does: a child container holding the backend, the settings
 * and the logger, then `resolve(Spine)`, which discovers every `@Organ` the loaded modules declared.
 *
 * @throws CliError when the modules declared no organ, or the organs or settings are invalid.
 * @example
 * ```ts
 * await loadOrganModules(['dist/organs/*.js'], process.cwd());
 * const spine = buildSpine(backend, { concurrency: 4 }, logger);
 * ```
 */
export function buildSpine(backend: Backend, settings: ContainerSpineOptions, logger: Logger): Spine {
  const child = container.createChildContainer();
  child.register(BACKEND, { useValue: backend });
  child.register(SPINE_OPTIONS, { useValue: settings });
  child.register(LOGGER, { useValue: logger });
  try {
    return child.resolve(Spine);
  } catch (error) {
    if (error instanceof ConfigurationError && /no organs/.test(error.message)) {
      throw new CliError('The organ modules declare no @Organ class', { help: 'check that --organs points at the compiled modules that define your organs' });
    }
    throw new CliError('Could not build the Spine from the organ modules', { cause: error });
  }
}
