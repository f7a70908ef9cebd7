/**
 * Result shaping for the router's plan executor: the merged subgraph data cut to the client's selection
 * (response names, selection order, `__typename`, fragments by runtime type, `@skip`/`@include`), as
 * `@apollo/gateway`'s `computeResponse` does, from the operation compiled once per plan instead of walking
 * federation-internals' selection objects (and their directive and definition look-ups) for every value.
 *
 * It takes only the clean path: the first value that would make `computeResponse` report something (null
 * or nothing where the schema says non-null, a leaf value that is not valid for its type, a `__typename`
 * that names no object type) stops it, and the caller shapes the same input with `computeResponse`, which
 * reports it as it always did (shaping reads its input and never changes it, so running it again is exact).
 */
import {
  type CompositeType,
  type EnumType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  type Operation,
  type ScalarType,
  type Schema,
  type SelectionSet,
  type Type,
  Variable,
} from '@apollo/federation-internals';

type Data = Record<string, unknown>;

/** How a value of a field's type is checked and copied. */
interface ValueShape {
  nonNull: boolean;
  /** The element's shape, for a list. */
  list?: ValueShape;
  /** The named type of a leaf (checked with `isValidLeafValue`). */
  leaf?: ScalarType | EnumType;
  /** The declared type of an object, interface or union (the runtime type comes from `__typename`). */
  composite?: CompositeType;
}

/** `@skip`/`@include` of a selection: a literal, or a variable read at run time. */
type Condition = boolean | string;

interface Conditions {
  skip?: Condition;
  include?: Condition;
}

interface FieldStep extends Conditions {
  kind: 'field';
  responseName: string;
  /** `__typename` (output from the input's value or the parent type, never from the subgraph as is). */
  typename: boolean;
  value: ValueShape;
  selections?: Step[];
}

interface FragmentStep extends Conditions {
  kind: 'fragment';
  typeCondition?: CompositeType;
  /** Whether the condition applies to a runtime type, by type name (filled on first use). */
  applies: Map<string, boolean>;
  selections: Step[];
}

type Step = FieldStep | FragmentStep;

/** Thrown to leave the clean path (never escapes `shapeResult`). */
const LEAVE = Symbol('leave the clean path');

export interface CompiledShape {
  schema: Schema;
  root: CompositeType;
  steps: Step[];
  /** Variables' default values (directive conditions read them when a request leaves a variable out). */
  defaults: Data;
}

/** The operation's shaping steps, or undefined when it selects introspection fields (not shaped here). */
export function compileShape(operation: Operation): CompiledShape | undefined {
  const schema = operation.schema();
  const root = schema.schemaDefinition.rootType(operation.rootKind);
  if (!root) return undefined;
  try {
    return {
      schema,
      root,
      steps: compileSelections(operation.selectionSet),
      defaults: { ...operation.collectDefaultedVariableValues() },
    };
  } catch (error) {
    if (error === LEAVE) return undefined;
    throw error;
  }
}

function compileSelections(selectionSet: SelectionSet): Step[] {
  return selectionSet.selections().map((selection): Step => {
    const conditions = directiveConditions(selection.element);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      if (field.definition.isSchemaIntrospectionField()) throw LEAVE;
      const typename = field.name === '__typename';
      return {
        kind: 'field',
        responseName: field.responseName(),
        typename,
        value: valueShape(field.definition.type as Type),
        selections: selection.selectionSet ? compileSelections(selection.selectionSet) : undefined,
        ...conditions,
      };
    }
    return {
      kind: 'fragment',
      typeCondition: selection.element.typeCondition,
      applies: new Map(),
      selections: compileSelections(selection.selectionSet),
      ...conditions,
    };
  });
}

function directiveConditions(element: {
  appliedDirectives: readonly { name: string; arguments(): Record<string, unknown> }[];
}): Conditions {
  const conditions: Conditions = {};
  for (const directive of element.appliedDirectives) {
    if (directive.name !== 'skip' && directive.name !== 'include') throw LEAVE;
    const value = directive.arguments().if;
    const condition = value instanceof Variable ? value.name : value;
    if (typeof condition !== 'boolean' && typeof condition !== 'string') throw LEAVE;
    conditions[directive.name] = condition;
  }
  return conditions;
}

function valueShape(type: Type): ValueShape {
  if (isNonNullType(type)) return { ...valueShape(type.ofType), nonNull: true };
  if (isListType(type)) return { nonNull: false, list: valueShape(type.ofType) };
  if (isCompositeType(type)) return { nonNull: false, composite: type };
  return { nonNull: false, leaf: type as ScalarType | EnumType };
}

/**
 * The shaped data, or undefined when the input leaves the clean path (then `computeResponse` must shape
 * it). `variables` are the request's.
 */
export function shapeResult(shape: CompiledShape, input: Data, variables: Data): Data | undefined {
  const run = { shape, variables };
  const output: Data = Object.create(null);
  try {
    applySteps(run, shape.steps, input, output, shape.root);
  } catch (error) {
    if (error === LEAVE) return undefined;
    throw error;
  }
  return output;
}

interface Run {
  shape: CompiledShape;
  variables: Data;
}

function applySteps(run: Run, steps: Step[], input: Data, output: Data, parentType: CompositeType): void {
  for (const step of steps) {
    if (skipped(run, step)) continue;
    if (step.kind === 'fragment') {
      if (fragmentApplies(run, step, input, parentType)) {
        applySteps(run, step.selections, input, output, step.typeCondition ?? parentType);
      }
      continue;
    }
    const existing = output[step.responseName];
    if (step.typename) {
      if (existing === undefined) output[step.responseName] = typename(run, step, input, parentType);
      continue;
    }
    // A field selected again (directly and in a fragment): a leaf keeps its first value, an object merges.
    if (existing === null || (existing !== undefined && !step.selections)) continue;
    const value = Object.hasOwn(input, step.responseName) ? input[step.responseName] : undefined;
    output[step.responseName] = shapeValue(run, step.value, value ?? null, existing, step.selections);
  }
}

function skipped(run: Run, conditions: Conditions): boolean {
  if (conditions.skip !== undefined && condition(run, conditions.skip)) return true;
  return conditions.include !== undefined && !condition(run, conditions.include);
}

function condition(run: Run, value: Condition): boolean {
  if (typeof value === 'boolean') return value;
  const given = Object.hasOwn(run.variables, value) ? run.variables[value] : run.shape.defaults[value];
  if (typeof given !== 'boolean') throw LEAVE;
  return given;
}

function fragmentApplies(run: Run, step: FragmentStep, input: Data, parentType: CompositeType): boolean {
  if (!step.typeCondition) return true;
  const name = input.__typename;
  if (name !== undefined && typeof name !== 'string') throw LEAVE;
  const key = name || `\u0000${parentType.name}`;
  let applies = step.applies.get(key);
  if (applies === undefined) {
    const type = name ? run.shape.schema.type(name) : parentType;
    applies = !!type && isSubtype(step.typeCondition, type);
    step.applies.set(key, applies);
  }
  return applies;
}

function typename(run: Run, step: FieldStep, input: Data, parentType: CompositeType): string {
  let value = Object.hasOwn(input, step.responseName) ? input[step.responseName] : undefined;
  if ((value === undefined || value === null) && step.responseName !== '__typename') value = input.__typename;
  const type = typeof value === 'string' ? (run.shape.schema.type(value) ?? parentType) : parentType;
  if (!isObjectType(type)) throw LEAVE;
  return type.name;
}

function shapeValue(run: Run, shape: ValueShape, value: unknown, existing: unknown, selections?: Step[]): unknown {
  if (value === null) {
    if (shape.nonNull) throw LEAVE;
    return null;
  }
  if (shape.list) {
    if (!Array.isArray(value)) throw LEAVE;
    if (existing !== undefined && (!Array.isArray(existing) || existing.length !== value.length)) throw LEAVE;
    const previous = existing as unknown[] | undefined;
    return value.map((item, index) => {
      if (item === undefined) throw LEAVE;
      return shapeValue(run, shape.list as ValueShape, item, previous?.[index], selections);
    });
  }
  if (shape.composite) {
    if (typeof value !== 'object' || !selections) throw LEAVE;
    if (existing !== undefined && (existing === null || typeof existing !== 'object')) throw LEAVE;
    const object = value as Data;
    let type: CompositeType = shape.composite;
    const name = object.__typename;
    if (name !== undefined) {
      const named = typeof name === 'string' && name ? run.shape.schema.type(name) : undefined;
      if (!named || !isCompositeType(named)) throw LEAVE;
      type = named;
    }
    const output = (existing as Data | undefined) ?? Object.create(null);
    applySteps(run, selections, object, output, type);
    return output;
  }
  if (existing !== undefined || !isValidLeafValue(run.shape.schema, value, shape.leaf as ScalarType | EnumType))
    throw LEAVE;
  return value;
}
