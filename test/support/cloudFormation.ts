/**
 * What CloudFormation would make of a template for given parameter values, as far as the
 * template's own logic goes: conditions, Fn::If, Ref to parameters, Fn::Sub of parameters, the
 * Rules' assertions, and which resources are created. References to resources are kept as they
 * are (`{Ref}`, `{Fn::GetAtt}`, `${Name}` in a Sub) and collected, so that a test can check that
 * each one names a resource that exists in that deployment.
 */

type Json = any;

/** A deployment of the template: its parameters' values (defaults filled in) and what follows from them. */
export interface Deployment {
  readonly parameters: Readonly<Record<string, Json>>;
  /** The resources created, each with its properties evaluated. */
  readonly resources: Readonly<Record<string, Json>>;
  /** The outputs produced, evaluated. */
  readonly outputs: Readonly<Record<string, Json>>;
  /** The resources each created resource or output refers to (Ref, GetAtt, Sub). */
  readonly references: ReadonlyMap<string, ReadonlySet<string>>;
  /** The AssertDescription of each Rules assertion that fails (CloudFormation would refuse the stack). */
  readonly failedRules: readonly string[];
  condition(name: string): boolean;
  /** A value of the template (Globals, say) evaluated, with the resources it refers to. */
  resolve(value: Json): { readonly value: Json; readonly references: ReadonlySet<string> };
}

const NO_VALUE = Symbol('AWS::NoValue');
const PSEUDO = new Set([
  'AWS::Region',
  'AWS::AccountId',
  'AWS::StackName',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackId',
]);

/** Evaluates `template` for `values` (parameter name → value; CommaDelimitedList as a comma-separated string). */
export function deploy(template: Json, values: Readonly<Record<string, string | number>> = {}): Deployment {
  const declared = (template.Parameters ?? {}) as Record<string, Json>;
  for (const name of Object.keys(values)) {
    if (!(name in declared)) throw new Error(`no parameter ${name}`);
  }
  const parameters: Record<string, Json> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const raw = values[name] ?? parameter.Default;
    if (raw === undefined) throw new Error(`parameter ${name} has no default: give it a value`);
    parameters[name] = parameter.Type === 'CommaDelimitedList' ? String(raw).split(',') : raw;
  }
  const conditions = (template.Conditions ?? {}) as Record<string, Json>;
  const conditionCache = new Map<string, boolean>();
  const resourceNames = new Set(Object.keys(template.Resources ?? {}));
  let collected = new Set<string>();

  const condition = (name: string): boolean => {
    if (!(name in conditions)) throw new Error(`no condition ${name}`);
    if (!conditionCache.has(name)) conditionCache.set(name, Boolean(evaluate(conditions[name])));
    return conditionCache.get(name)!;
  };

  const refer = (name: string): void => {
    if (!resourceNames.has(name)) throw new Error(`reference to ${name}, which is neither a parameter nor a resource`);
    collected.add(name);
  };

  const substitute = (text: string, variables: Record<string, Json>): string =>
    text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
      if (name in variables) return String(evaluate(variables[name]));
      if (name in parameters) return String(parameters[name]);
      if (PSEUDO.has(name)) return whole;
      refer(name.split('.')[0]!);
      return whole;
    });

  const evaluate = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(evaluate).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = value[key];
      switch (key) {
        case 'Ref':
          if (argument === 'AWS::NoValue') return NO_VALUE;
          if (argument in parameters) return parameters[argument];
          if (PSEUDO.has(argument)) return value;
          refer(argument);
          return value;
        case 'Fn::GetAtt':
          refer(Array.isArray(argument) ? argument[0] : String(argument).split('.')[0]);
          return value;
        case 'Fn::Sub':
          return Array.isArray(argument) ? substitute(argument[0], argument[1]) : substitute(argument, {});
        case 'Fn::If':
          return evaluate(condition(argument[0]) ? argument[1] : argument[2]);
        case 'Condition':
          return condition(argument);
        case 'Fn::Equals': {
          const [left, right] = argument.map(evaluate);
          return JSON.stringify(left) === JSON.stringify(right);
        }
        case 'Fn::Not':
          return !evaluate(argument[0]);
        case 'Fn::And':
          return argument.every((item: Json) => evaluate(item));
        case 'Fn::Or':
          return argument.some((item: Json) => evaluate(item));
        case 'Fn::EachMemberEquals': {
          const [list, text] = argument.map(evaluate);
          return list.every((member: Json) => member === text);
        }
        case 'Fn::Contains': {
          const [list, text] = argument.map(evaluate);
          return list.includes(text);
        }
        case 'Fn::Join': {
          const parts = evaluate(argument[1]);
          const plain = Array.isArray(parts) && parts.every((part) => typeof part !== 'object');
          return plain ? parts.join(argument[0]) : { [key]: [argument[0], parts] };
        }
        default:
          if (key.startsWith('Fn::')) throw new Error(`${key} is not evaluated here`);
      }
    }
    const result: Record<string, Json> = {};
    for (const [name, item] of Object.entries(value)) {
      const evaluated = evaluate(item);
      if (evaluated !== NO_VALUE) result[name] = evaluated;
    }
    return result;
  };

  const references = new Map<string, Set<string>>();
  const resources: Record<string, Json> = {};
  for (const [name, resource] of Object.entries(template.Resources as Record<string, Json>)) {
    if (resource.Condition !== undefined && !condition(resource.Condition)) continue;
    collected = new Set();
    resources[name] = evaluate(resource);
    references.set(name, collected);
  }
  const outputs: Record<string, Json> = {};
  for (const [name, output] of Object.entries((template.Outputs ?? {}) as Record<string, Json>)) {
    if (output.Condition !== undefined && !condition(output.Condition)) continue;
    collected = new Set();
    outputs[name] = evaluate(output.Value);
    references.set(`Outputs.${name}`, collected);
  }
  const failedRules: string[] = [];
  for (const rule of Object.values((template.Rules ?? {}) as Record<string, Json>)) {
    if (rule.RuleCondition !== undefined && !evaluate(rule.RuleCondition)) continue;
    for (const assertion of rule.Assertions) {
      if (!evaluate(assertion.Assert)) failedRules.push(assertion.AssertDescription);
    }
  }
  const resolve = (value: Json) => {
    collected = new Set();
    const evaluated = evaluate(value);
    return { value: evaluated, references: collected };
  };
  return { parameters, resources, outputs, references, failedRules, condition, resolve };
}
