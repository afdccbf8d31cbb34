import { compileClassPlan, type ClassPlan, type PropertyPlan } from './class-plan';
import { UnsupportedPayload } from './unsupported-payload';

/**
 * class-validator's verdict on an instance, from compiled plans: true exactly when `validateSync`
 * (NecroStack's options) returns no error. Plans are compiled on first sight of each class (a
 * `@ValidateNested()` value is validated as whatever class it is an instance of).
 *
 * @throws UnsupportedPayload when it reaches a class whose metadata does not compile.
 */
export class Validity {
  private readonly plans = new Map<Function, ClassPlan | null>();

  /** Whether the metadata of `target` compiles. */
  supports(target: Function): boolean {
    return this.plan(target) !== null;
  }

  isValid(instance: object): boolean {
    const plan = this.plan(instance.constructor);
    if (!plan) throw new UnsupportedPayload(instance.constructor.name);
    // forbidUnknownValues: an instance of a class without constraints is rejected.
    if (plan.properties.length === 0) return false;
    const record = instance as Record<string, unknown>;
    for (const property of plan.properties) {
      if (!this.propertyValid(property, record[property.name])) return false;
    }
    return true;
  }

  private propertyValid(property: PropertyPlan, value: unknown): boolean {
    if (property.optional && (value === null || value === undefined)) return true;
    for (const check of property.checks) {
      if (!check(value)) return false;
    }
    return !property.nested || this.nestedValid(value);
  }

  /** `@ValidateNested()`: undefined passes, arrays are walked, objects validated, anything else fails. */
  private nestedValid(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every((item) => this.nestedValid(item));
    if (value instanceof Object) return this.isValid(value);
    return false;
  }

  private plan(target: Function): ClassPlan | null {
    let plan = this.plans.get(target);
    if (plan === undefined) {
      plan = compileClassPlan(target) ?? null;
      this.plans.set(target, plan);
    }
    return plan;
  }
}
