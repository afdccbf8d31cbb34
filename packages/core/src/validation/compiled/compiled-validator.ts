import type { ClassType } from '../../organ/metadata';
import { InstanceBuilder } from './build-instance';
import { shapeOf } from './transformer-shapes';
import { Validity } from './validity';

/**
 * The fast path of DTO validation: builds the instance `plainToInstance` would build and runs
 * class-validator's checks compiled from its metadata. It only ever answers "valid, here is the
 * instance": for an invalid payload, or anything it does not reproduce, it answers undefined and
 * the caller runs class-transformer and class-validator themselves — so every verdict, and every
 * error's properties, constraints and messages, are theirs.
 */
export class CompiledValidator {
  private readonly builder = new InstanceBuilder();
  private readonly validity = new Validity();
  private readonly supported = new Map<Function, boolean>();

  /** Compiles `dto` now (at bootstrap) rather than on its first payload; true if it compiled. */
  prepare(dto: ClassType): boolean {
    let supported = this.supported.get(dto);
    if (supported === undefined) {
      supported = shapeOf(dto) !== undefined && this.validity.supports(dto);
      this.supported.set(dto, supported);
    }
    return supported;
  }

  /**
   * The valid instance of `dto` built from `payload`; false when invalid; undefined when the
   * compiled path does not decide (the DTO or this payload needs class-transformer or class-validator).
   */
  validate<T extends object>(dto: ClassType<T>, payload: object): T | false | undefined {
    if (!this.prepare(dto) || Object.getPrototypeOf(payload) !== Object.prototype) return undefined;
    try {
      const instance = this.builder.build(dto, payload);
      return this.validity.isValid(instance) ? (instance as T) : false;
    } catch {
      // Unsupported on the way, or a constructor, `@Type` function or check threw: class-validator
      // and class-transformer run again and report it their way.
      return undefined;
    }
  }
}
