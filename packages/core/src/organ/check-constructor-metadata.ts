import { ConfigurationError } from '../errors';
import { getOrganMetadata, hasConstructorParamTypes, type ClassType } from './metadata';

const HELP = 'Compile with "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json; '
  + 'with SWC, set jsc.transform.legacyDecorator and jsc.transform.decoratorMetadata to true (.swcrc). '
  + 'tsx and esbuild never emit decorator metadata: there, name every constructor parameter with @inject(Token) '
  + '(tsyringe), or pass organ instances: new Spine({ organs: [new ChargeCard(gateway)] }).';

/**
 * Builds an organ from its class with `resolve` (a tsyringe container's). When the container cannot
 * tell what to inject because the compiler emitted no constructor parameter types — tsyringe's bare
 * `TypeInfo not known for "ChargeCard"` — throws a {@link ConfigurationError} that names the organ,
 * the class without metadata, and the fixes. Any other error passes through.
 *
 * @example
 * ```ts
 * const organ = resolveOrgan(ChargeCard, (cls) => container.resolve(cls));
 * ```
 */
export function resolveOrgan(organ: ClassType, resolve: (cls: ClassType) => object): object {
  try {
    return resolve(organ);
  } catch (error) {
    throw explainMissingMetadata(organ, error) ?? error;
  }
}

function explainMissingMetadata(organ: ClassType, error: unknown): ConfigurationError | undefined {
  const name = getOrganMetadata(organ)?.name ?? organ.name;
  if (organ.length > 0 && !hasConstructorParamTypes(organ)) {
    return new ConfigurationError('organs', `organ ${name} cannot be built: its constructor takes ${organ.length} parameter(s) `
      + 'but has no type metadata ("design:paramtypes"), so the container cannot tell what to inject', { cause: error, help: HELP });
  }
  const dependency = /TypeInfo not known for "([^"]*)"/.exec(error instanceof Error ? error.message : '')?.[1];
  if (dependency === undefined) return undefined;
  return new ConfigurationError('organs', `organ ${name} cannot be built: the container has no type metadata ("design:paramtypes") `
    + `for the constructor of ${dependency}, one of its dependencies`, { cause: error, help: HELP });
}
