import { delay, inject, injectable, type InjectionToken } from 'tsyringe';
import type { Backend } from '../backend/backend';
import { NecroStackError } from '../errors';
import type { Logger } from '../logging/logger';
import { resolveOrgan } from '../organ/check-constructor-metadata';
import { discoveredOrganClasses, type ClassType } from '../organ/metadata';
import type { SpineOptions } from '../spine/spine-options';
import { BACKEND, LOGGER, SPINE_OPTIONS, type ContainerSpineOptions } from './tokens';

/** What the container holds for a Spine. */
@injectable()
class SpineRegistrations {
  constructor(
    @inject(BACKEND) readonly backend: Backend,
    @inject(SPINE_OPTIONS, { isOptional: true }) readonly settings: ContainerSpineOptions | undefined,
    @inject(LOGGER, { isOptional: true }) readonly logger: Logger | undefined,
  ) {}
}

type Resolve = (token: InjectionToken<unknown>) => unknown;
interface DelayedConstructorLike {
  createProxy(resolve: Resolve): unknown;
}

// tsyringe hands a DelayedConstructor token a function that resolves from the container doing the
// resolution (a child container included). Overriding createProxy is how the Spine's options are
// assembled from that container at bootstrap without registering anything in any container.
const DelayedConstructor = Object.getPrototypeOf(delay(() => Object)).constructor as new (
  wrap: () => ClassType,
) => DelayedConstructorLike;

class SpineOptionsFromContainer extends DelayedConstructor {
  constructor() {
    super(() => SpineRegistrations);
  }

  override createProxy(resolve: Resolve): SpineOptions {
    const { backend, settings, logger } = resolve(SpineRegistrations) as SpineRegistrations;
    let organs: object[];
    try {
      organs = (settings?.organs ?? discoveredOrganClasses()).map((organ) =>
        typeof organ === 'function' ? resolveOrgan(organ as ClassType, (cls) => resolve(cls) as object) : organ);
    } catch (error) {
      if (!(error instanceof NecroStackError)) throw error;
      // tsyringe turns what this throws into a plain Error; the Spine's constructor throws it as it is.
      return { ...settings, backend, logger: logger ?? settings?.logger, get organs(): never { throw error; } };
    }
    return { ...settings, organs, backend, logger: logger ?? settings?.logger };
  }
}

/** @internal The Spine constructor's injection token: options assembled from the resolving container. */
export const CONTAINER_SPINE_OPTIONS = new SpineOptionsFromContainer() as unknown as InjectionToken<SpineOptions>;
