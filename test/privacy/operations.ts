/**
 * Every operation a signed-in viewer can send, generated from the introspected schema, so a
 * field added later is sent (and compared) without touching this suite.
 *
 * A root field with its arguments is a `Call`. Its selection is built recursively from the
 * types down to the server's depth limit (a type repeats at most twice on a path, so the
 * tree stays finite), then split into pieces that each fit the server's operation limits
 * (depth, aliases, tokens, cost: src/http/operation-limits.ts, read from the server's own
 * config). Pieces of nullable root fields are batched, aliased, into one operation, so an
 * error in one cannot blank another's answer; each piece is compared on its own.
 *
 * Arguments come from the world (`Domain`): every handle (and one that never existed),
 * every circle slug, every id, the interests in use, every enum value, small `first`s,
 * and `after` cursors taken from earlier answers (page chains, followed in rounds).
 */
import {
  astFromValue,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  Lexer,
  OperationTypeNode,
  parse,
  parseType,
  print,
  Source,
  TokenKind,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Config } from '../../src/config.js';
import { declaredMaxItems } from '../../src/graphql/list-bounds.js';
import { measureOperation } from '../../src/http/operation-limits.js';

// ---------------------------------------------------------------------------------------
// Selection trees

export interface Arg {
  name: string;
  type: GraphQLInputType;
  /** A literal written into the document (nested `first`). */
  literal?: unknown;
  /** Or a variable, named per call when the document is printed. */
  variable?: string;
}

export interface Field {
  kind: 'field';
  /** The object (or, for __typename, any) type the field is selected on. */
  parent: string;
  name: string;
  args: Arg[];
  /** Empty for leaves. */
  children: Sel[];
}

export interface Fragment {
  kind: 'fragment';
  on: string;
  children: Sel[];
}

export type Sel = Field | Fragment;

/** How far a selection goes: `full` to the depth limit, `shallow` two objects below the root's. */
export type Profile = 'full' | 'shallow';

/** Types that only carry a list (connections, edges, page info): they neither count as a level nor repeat. */
export const isPlumbing = (name: string) => name.endsWith('Connection') || name.endsWith('Edge') || name === 'PageInfo';

/** Leaves kept in every piece of a split, so each piece says whose data it is. */
const KEY_LEAVES = new Set(['__typename', 'id', 'handle', 'slug', 'cursor']);

/** Leaves that tell live events apart (see markerPaths). */
const MARKER_LEAVES = new Set(['body', 'message', 'postId']);

/** `first` on lists nested under the root object, and deeper. */
const NESTED_FIRST = { near: 10, deep: 2 } as const;

const leaf = (parent: string, name: string): Field => ({ kind: 'field', parent, name, args: [], children: [] });

function unwrap(type: GraphQLOutputType | GraphQLInputType): { list: boolean; nonNull: boolean } {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? (type as { ofType: GraphQLOutputType }).ofType : type;
  return { list: isListType(inner), nonNull };
}

export type Limits = Config['operationLimits'];

/** A root field with its argument values: one comparable unit before splitting. */
export interface Call {
  /** Stable across the two worlds of a pair: root field, logical arguments, chain page, piece. */
  id: string;
  operation: 'query' | 'subscription' | 'mutation';
  root: Field;
  /** Variable values by the names used in `root` (unprefixed). */
  variables: Record<string, unknown>;
  /** A nullable root field may share an operation with others. */
  batchable: boolean;
}

/**
 * Introspection carries no field extensions: the bounds that lists without `first` declare
 * (`@MaxItems`) are copied onto the introspected schema from the code's, so the factory
 * prices them as the server does.
 */
export function withListBounds(introspected: GraphQLSchema, code: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(code.getTypeMap())) {
    const twin = introspected.getType(type.name);
    if (!isObjectType(type) || !isObjectType(twin)) continue;
    for (const field of Object.values(type.getFields())) {
      const bound = declaredMaxItems(field);
      const target = twin.getFields()[field.name];
      if (bound !== undefined && target) target.extensions = { ...target.extensions, maxItems: bound };
    }
  }
  return introspected;
}

export class OperationFactory {
  private readonly splitCache = new Map<string, Field[]>();
  /** Fields that no selection could include (a leaf over the limits even alone). */
  readonly unreachable = new Set<string>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly limits: Limits,
  ) {}

  rootType(operation: Call['operation']): GraphQLObjectType {
    const type = operation === 'query' ? this.schema.getQueryType() : operation === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    if (!type) throw new Error(`the schema has no ${operation} type`);
    return type;
  }

  // -------------------------------------------------------------------------------------
  // Building

  /**
   * The selection of `type` with `depthLeft` levels available (a leaf takes one), following
   * the server's cost rules so that no single path is over the cost limit.
   */
  selection(type: GraphQLNamedType, depthLeft: number, path: string[], profile: Profile, level: number, multiplier: number): Sel[] {
    if (isAbstractType(type)) {
      const out: Sel[] = [leaf(type.name, '__typename')];
      for (const possible of this.schema.getPossibleTypes(type)) {
        const children = this.objectFields(possible, depthLeft, path, profile, level, multiplier);
        if (children.length > 0) out.push({ kind: 'fragment', on: possible.name, children });
      }
      return out;
    }
    if (isObjectType(type)) return this.objectFields(type, depthLeft, path, profile, level, multiplier);
    return [];
  }

  private objectFields(type: GraphQLObjectType, depthLeft: number, path: string[], profile: Profile, level: number, multiplier: number): Sel[] {
    const out: Sel[] = [];
    if (depthLeft < 1) return out;
    // Shallow selections show the objects below the root's own only by their keys.
    const keysOnly = profile === 'shallow' && level >= 2 && !isPlumbing(type.name);
    const fields = Object.values(type.getFields()).filter((field) => !keysOnly || KEY_LEAVES.has(field.name));
    for (const field of fields.length > 0 ? fields : Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const args = this.nestedArgs(field, level);
      if (!args) continue;
      if (isLeafType(named)) {
        out.push({ kind: 'field', parent: type.name, name: field.name, args, children: [] });
        continue;
      }
      if (depthLeft < 2 || keysOnly) continue;
      const plumbing = isPlumbing(named.name);
      const nextLevel = plumbing ? level : level + 1;
      if (!plumbing && path.filter((name) => name === named.name).length >= 2) continue;
      const fieldMultiplier = multiplier * this.multiplierOf(type, field, args);
      // A path whose lists multiply past a tenth of the cost limit would leave no room for its leaves.
      if (fieldMultiplier * 4 > this.limits.maxCost / 10) continue;
      const children = this.selection(named, depthLeft - 1, plumbing ? path : [...path, named.name], profile, nextLevel, fieldMultiplier);
      if (!children.some((child) => child.kind === 'fragment' || child.name !== '__typename')) continue;
      out.push({ kind: 'field', parent: type.name, name: field.name, args, children });
    }
    return out;
  }

  /** Arguments for a nested field: `first` small, other optional ones left out; null when a required one cannot be given. */
  private nestedArgs(field: GraphQLField<unknown, unknown>, level: number): Arg[] | null {
    const args: Arg[] = [];
    // A list paged both ways takes `first` or `last`, not both: it gets `first`.
    const paged = field.args.some((arg) => arg.name === 'first') ? 'first' : 'last';
    for (const arg of field.args) {
      if (arg.name === paged) {
        args.push({ name: arg.name, type: arg.type, literal: level <= 1 ? NESTED_FIRST.near : NESTED_FIRST.deep });
        continue;
      }
      if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
        // A required argument below the root: a variable, bound per world (see nestedValue).
        args.push({ name: arg.name, type: arg.type, variable: `n_${field.name}_${arg.name}` });
      }
    }
    return args;
  }

  /** How many times the server multiplies what is under this field (operation-limits.ts). */
  private multiplierOf(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, args: Arg[], variables: Record<string, unknown> = {}): number {
    const first = args.find((arg) => arg.name === 'first');
    const value = first?.literal ?? (first?.variable ? variables[first.variable] : undefined);
    if (typeof value === 'number') return Math.min(Math.max(value, 1), this.limits.maxPageSize);
    if (field.name === 'edges' && parent.name.endsWith('Connection')) return 1;
    if (unwrap(field.type).list) return declaredMaxItems(field) ?? this.limits.maxPageSize;
    return field.args.some((arg) => arg.name === 'first') ? 20 : 1;
  }

  /** The root field `name` with these arguments (as variables) and its whole selection. */
  rootField(operation: Call['operation'], name: string, argNames: string[], profile: Profile): Field {
    const rootType = this.rootType(operation);
    const field = rootType.getFields()[name];
    if (!field) throw new Error(`${rootType.name}.${name} does not exist`);
    const args: Arg[] = field.args.filter((arg) => argNames.includes(arg.name)).map((arg) => ({ name: arg.name, type: arg.type, variable: arg.name }));
    const named = getNamedType(field.type);
    const multiplier = this.multiplierOf(rootType, field, args);
    const children = this.selection(named, this.limits.maxDepth - 1, isPlumbing(named.name) ? [] : [named.name], profile, isPlumbing(named.name) ? 0 : 1, multiplier);
    return { kind: 'field', parent: rootType.name, name, args, children };
  }

  /**
   * A page of the connection at `connectionField` under the root field (or the root field
   * itself when it is the connection): `first: 1` and an `after` variable, shallow nodes.
   */
  chainPage(operation: Call['operation'], name: string, argNames: string[], connectionField: string | null): Field {
    const rootType = this.rootType(operation);
    const field = rootType.getFields()[name]!;
    const pageArgs = (f: GraphQLField<unknown, unknown>): Arg[] =>
      f.args
        .filter((arg) => arg.name === 'first' || arg.name === 'after')
        .map((arg) => (arg.name === 'first' ? { name: 'first', type: arg.type, literal: 1 } : { name: 'after', type: arg.type, variable: 'after' }));
    if (connectionField === null) {
      const args = [
        ...field.args.filter((arg) => argNames.includes(arg.name) && arg.name !== 'first' && arg.name !== 'after').map((arg) => ({ name: arg.name, type: arg.type, variable: arg.name })),
        ...pageArgs(field),
      ];
      const named = getNamedType(field.type);
      return { kind: 'field', parent: rootType.name, name, args, children: this.selection(named, this.limits.maxDepth - 1, [], 'shallow', 0, 1) };
    }
    const objectType = getNamedType(field.type) as GraphQLObjectType;
    const inner = objectType.getFields()[connectionField]!;
    const innerNamed = getNamedType(inner.type);
    const keys = this.keyLeaves(objectType);
    return {
      kind: 'field',
      parent: rootType.name,
      name,
      args: field.args.filter((arg) => argNames.includes(arg.name)).map((arg) => ({ name: arg.name, type: arg.type, variable: arg.name })),
      children: [
        ...keys,
        {
          kind: 'field',
          parent: objectType.name,
          name: connectionField,
          args: pageArgs(inner),
          children: this.selection(innerNamed, this.limits.maxDepth - 2, [objectType.name], 'shallow', 1, 1),
        },
      ],
    };
  }

  /**
   * The shortest selections reaching the leaves that tell events apart (a post's body, a
   * request's message, a deleted post's id): every piece of a subscription carries them,
   * so warm-ups and barriers can be recognised and left out whatever else a piece selects.
   */
  markerPaths(type: GraphQLNamedType, depth = 3): Sel[] {
    if (isAbstractType(type)) {
      return this.schema.getPossibleTypes(type).flatMap((possible) => {
        const children = this.markerPaths(possible, depth);
        return children.length > 0 ? [{ kind: 'fragment' as const, on: possible.name, children }] : [];
      });
    }
    if (!isObjectType(type)) return [];
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((field) => MARKER_LEAVES.has(field.name) && isLeafType(getNamedType(field.type)));
    if (leaves.length > 0) return leaves.map((field) => leaf(type.name, field.name));
    if (depth <= 1) return [];
    for (const field of fields) {
      const named = getNamedType(field.type);
      if (isLeafType(named) || isPlumbing(named.name) || field.args.some((arg) => isNonNullType(arg.type))) continue;
      const children = this.markerPaths(named, depth - 1);
      if (children.length > 0) return [{ kind: 'field', parent: type.name, name: field.name, args: [], children }];
    }
    return [];
  }

  private keyLeaves(type: GraphQLObjectType): Field[] {
    return Object.values(type.getFields())
      .filter((field) => KEY_LEAVES.has(field.name) && isLeafType(getNamedType(field.type)))
      .map((field) => leaf(type.name, field.name));
  }

  /** Connection fields of the object a root field returns (the chains to follow below it). */
  nestedConnections(operation: Call['operation'], name: string): string[] {
    const field = this.rootType(operation).getFields()[name]!;
    const named = getNamedType(field.type);
    if (!isObjectType(named) || isPlumbing(named.name)) return [];
    return Object.values(named.getFields())
      .filter((f) => isPlumbing(getNamedType(f.type).name) && f.args.some((arg) => arg.name === 'after'))
      .filter((f) => f.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined))
      .map((f) => f.name);
  }

  isConnection(operation: Call['operation'], name: string): boolean {
    const field = this.rootType(operation).getFields()[name]!;
    return isPlumbing(getNamedType(field.type).name) && field.args.some((arg) => arg.name === 'after');
  }

  // -------------------------------------------------------------------------------------
  // Measuring and splitting

  private readonly memo = { tokens: new WeakMap<Sel, number>(), cost: new WeakMap<Sel, number>(), depth: new WeakMap<Sel, number>() };

  /** Tokens of a selection as the parser counts them (names, punctuators, values). */
  private tokensOf(sel: Sel, variables: Record<string, unknown>): number {
    let tokens = this.memo.tokens.get(sel);
    if (tokens === undefined) this.memo.tokens.set(sel, (tokens = this.countTokens(sel, variables)));
    return tokens;
  }

  private countTokens(sel: Sel, variables: Record<string, unknown>): number {
    if (sel.kind === 'fragment') return 4 + sel.children.reduce((n, child) => n + this.tokensOf(child, variables), 0);
    let n = 1;
    if (sel.args.length > 0) {
      n += 2;
      for (const arg of sel.args) n += 2 + (arg.variable !== undefined ? 2 : valueTokens(arg.literal));
    }
    if (sel.children.length > 0) n += 2 + sel.children.reduce((sum, child) => sum + this.tokensOf(child, variables), 0);
    return n;
  }

  /** Cost of a selection by the server's rule: each field 1, lists multiply what is under them. */
  private costOf(sel: Sel, variables: Record<string, unknown>): number {
    // Only a root's `first` can be a variable: its cost is not kept.
    if (sel.kind === 'field' && sel.args.some((arg) => arg.name === 'first' && arg.variable !== undefined)) return this.computeCost(sel, variables);
    let cost = this.memo.cost.get(sel);
    if (cost === undefined) this.memo.cost.set(sel, (cost = this.computeCost(sel, variables)));
    return cost;
  }

  private computeCost(sel: Sel, variables: Record<string, unknown>): number {
    if (sel.kind === 'fragment') return sel.children.reduce((n, child) => n + this.costOf(child, variables), 0);
    if (sel.children.length === 0) return 1;
    const parent = this.schema.getType(sel.parent);
    const field = isObjectType(parent) ? parent.getFields()[sel.name] : undefined;
    const childCost = sel.children.reduce((n, child) => n + this.costOf(child, variables), 0);
    const multiplier = field && isObjectType(parent) ? this.multiplierOf(parent, field, sel.args, variables) : 1;
    return 1 + multiplier * childCost;
  }

  private depthOf(sel: Sel): number {
    let depth = this.memo.depth.get(sel);
    if (depth === undefined) this.memo.depth.set(sel, (depth = this.computeDepth(sel)));
    return depth;
  }

  private computeDepth(sel: Sel): number {
    const below = sel.children.reduce((n, child) => Math.max(n, this.depthOf(child)), 0);
    return sel.kind === 'fragment' ? below : 1 + below;
  }

  /** Variables a selection uses, with their types. */
  variablesOf(sel: Sel, out = new Map<string, GraphQLInputType>()): Map<string, GraphQLInputType> {
    if (sel.kind === 'field') for (const arg of sel.args) if (arg.variable !== undefined) out.set(arg.variable, arg.type);
    for (const child of sel.children) this.variablesOf(child, out);
    return out;
  }

  /** Whether one root selection, alone in an operation, is within every limit (with room to spare). */
  private fits(root: Field, variables: Record<string, unknown>): boolean {
    const declarations = [...this.variablesOf(root).values()].reduce((n, type) => n + 3 + (isNonNullType(type) ? 1 : 0) + (unwrap(type).list ? 2 : 0), 2);
    const tokens = 1 + declarations + 2 + 2 + this.tokensOf(root, variables);
    return tokens <= this.limits.maxTokens - 10 && this.costOf(root, variables) <= this.limits.maxCost && this.depthOf(root) <= this.limits.maxDepth;
  }

  /** The root selection in pieces that each fit; keys (ids, handles, slugs) repeat in every piece. */
  split(root: Field, variables: Record<string, unknown>, cacheKey: string, always: Sel[] = []): Field[] {
    const cached = this.splitCache.get(cacheKey);
    if (cached) return cached;
    const withAlways = { ...root, children: [...always, ...root.children.filter((child) => !always.includes(child))] };
    const pieces = this.splitContainer(withAlways, (node) => node, variables, new Set(always)) as Field[];
    this.splitCache.set(cacheKey, pieces);
    return pieces;
  }

  private splitContainer<T extends Sel>(node: T, wrap: (node: T) => Field, variables: Record<string, unknown>, keep: Set<Sel>): T[] {
    if (this.fits(wrap(node), variables)) return [node];
    const isKey = (child: Sel) => keep.has(child) || (child.kind === 'field' && child.children.length === 0 && KEY_LEAVES.has(child.name));
    const keys = node.children.filter(isKey);
    const rest = node.children.filter((child) => !isKey(child));
    const withChildren = (children: Sel[]): T => ({ ...node, children: [...keys, ...children] });
    const pieces: T[] = [];
    let current: Sel[] = [];
    for (const child of rest) {
      if (this.fits(wrap(withChildren([...current, child])), variables)) {
        current.push(child);
        continue;
      }
      if (current.length > 0) pieces.push(withChildren(current));
      current = [];
      if (this.fits(wrap(withChildren([child])), variables)) {
        current = [child];
        continue;
      }
      if (child.children.length === 0) {
        this.unreachable.add(`${(child as Field).parent}.${(child as Field).name}`);
        continue;
      }
      for (const sub of this.splitContainer(child, (inner) => wrap(withChildren([inner])), variables, new Set())) pieces.push(withChildren([sub]));
    }
    if (current.length > 0 || pieces.length === 0) pieces.push(withChildren(current));
    return pieces;
  }

  // -------------------------------------------------------------------------------------
  // Documents

  /**
   * One operation holding these calls (aliased r0, r1 … unless it is a single subscription
   * or mutation), its variables, and which alias answers which call.
   */
  document(calls: Call[], nested: (variable: string) => unknown): { text: string; variables: Record<string, unknown>; aliases: string[] } {
    const operation = calls[0]!.operation;
    const aliased = operation === 'query';
    const variables: Record<string, unknown> = {};
    const definitions: VariableDefinitionNode[] = [];
    const aliases: string[] = [];
    const selections: SelectionNode[] = calls.map((call, index) => {
      const prefix = `r${index}_`;
      for (const [name, type] of this.variablesOf(call.root)) {
        const value = name in call.variables ? call.variables[name] : nested(name);
        definitions.push({
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: prefix + name } },
          type: parseType(String(type)),
        });
        if (value !== undefined) variables[prefix + name] = value;
      }
      const alias = aliased ? `r${index}` : call.root.name;
      aliases.push(alias);
      return this.fieldNode(call.root, prefix, aliased ? alias : undefined);
    });
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: operation === 'query' ? OperationTypeNode.QUERY : operation === 'mutation' ? OperationTypeNode.MUTATION : OperationTypeNode.SUBSCRIPTION,
          variableDefinitions: definitions,
          selectionSet: { kind: Kind.SELECTION_SET, selections },
        },
      ],
    };
    return { text: print(document), variables, aliases };
  }

  private fieldNode(sel: Field, prefix: string, alias?: string): FieldNode {
    const args: ArgumentNode[] = sel.args.map((arg) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg.name },
      value:
        arg.variable !== undefined
          ? { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: prefix + arg.variable } }
          : astFromValue(arg.literal, arg.type) ?? { kind: Kind.NULL },
    }));
    return {
      kind: Kind.FIELD,
      alias: alias ? { kind: Kind.NAME, value: alias } : undefined,
      name: { kind: Kind.NAME, value: sel.name },
      arguments: args,
      selectionSet: sel.children.length > 0 ? { kind: Kind.SELECTION_SET, selections: sel.children.map((child) => this.selectionNode(child, prefix)) } : undefined,
    };
  }

  private selectionNode(sel: Sel, prefix: string): SelectionNode {
    if (sel.kind === 'field') return this.fieldNode(sel, prefix);
    return {
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: sel.on } },
      selectionSet: { kind: Kind.SELECTION_SET, selections: sel.children.map((child) => this.selectionNode(child, prefix)) },
    };
  }

  /** Checks a printed operation against the server's limits, exactly as the server will. */
  check(text: string, variables: Record<string, unknown>): { tokens: number; depth: number; aliases: number; cost: number } {
    const lexer = new Lexer(new Source(text));
    let tokens = 0;
    while (lexer.advance().kind !== TokenKind.EOF) tokens += 1;
    const document = parse(text);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const measure = measureOperation(this.schema, document, operation, variables, this.limits.maxPageSize);
    if (tokens > this.limits.maxTokens || measure.depth > this.limits.maxDepth || measure.aliases > this.limits.maxAliases || measure.cost > this.limits.maxCost) {
      throw new Error(`harness: generated an operation over the limits (${JSON.stringify({ tokens, ...measure })}):\n${text}`);
    }
    return { tokens, ...measure };
  }

  /**
   * Calls packed into operations: subscriptions and mutations one per operation, non-null
   * query roots alone, nullable ones together while the operation stays within the limits
   * (estimated here, checked exactly before sending).
   */
  pack(calls: Call[]): Call[][] {
    const groups: Call[][] = [];
    let current: Call[] = [];
    let tokens = 0;
    let cost = 0;
    const budget = this.limits.maxTokens - 20;
    for (const call of calls) {
      const declarations = [...this.variablesOf(call.root).values()].reduce((n, type) => n + 4 + (isNonNullType(type) ? 1 : 0) + (unwrap(type).list ? 2 : 0), 0);
      const callTokens = 2 + declarations + this.tokensOf(call.root, call.variables);
      const callCost = this.costOf(call.root, call.variables);
      if (!call.batchable || call.operation !== 'query') {
        groups.push([call]);
        continue;
      }
      if (current.length > 0 && current.length < this.limits.maxAliases && tokens + callTokens <= budget && cost + callCost <= this.limits.maxCost) {
        current.push(call);
        tokens += callTokens;
        cost += callCost;
        continue;
      }
      if (current.length > 0) groups.push(current);
      current = [call];
      tokens = 6 + callTokens;
      cost = callCost;
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }

  /** Every `Type.field` a selection includes. */
  static fieldsIn(sel: Sel, out: Set<string>): Set<string> {
    if (sel.kind === 'field' && sel.name !== '__typename') out.add(`${sel.parent}.${sel.name}`);
    for (const child of sel.children) OperationFactory.fieldsIn(child, out);
    return out;
  }
}

function valueTokens(value: unknown): number {
  if (Array.isArray(value)) return 2 + value.reduce((n: number, item) => n + valueTokens(item), 0);
  if (value && typeof value === 'object') return 2 + Object.values(value).reduce((n: number, item) => n + 2 + valueTokens(item), 0);
  return 1;
}

// ---------------------------------------------------------------------------------------
// Arguments from the world

/** What a world offers as argument values; the same for both worlds of a pair. */
export interface Domain {
  /** Every handle in either world, and one that never existed. */
  handles: string[];
  /** Every circle slug, and one that never existed. */
  circleSlugs: string[];
  /** Interests someone follows or a circle is about, and one nobody uses. */
  interestSlugs: string[];
  /** Every id the worlds gave out (people, circles, posts, interests, connection requests), and one never given. */
  ids: string[];
  /** Bits of names and descriptions, and text matching nothing. */
  searches: string[];
}

/** A value for an argument, or OMIT to leave it out. */
export const OMIT = Symbol('omit');
type Candidate = unknown | typeof OMIT;

type ArgClass = 'page' | 'cursor' | 'entity' | 'other';

export function classify(arg: GraphQLArgument): ArgClass {
  const name = arg.name;
  if (name === 'first' || name === 'last') return 'page';
  if (name === 'after' || name === 'before') return 'cursor';
  if (/handle$/i.test(name) || (/slug$/i.test(name) && !/interest/i.test(name)) || /(^id$|Id$|^ids$|Ids$)/.test(name)) return 'entity';
  const named = getNamedType(arg.type);
  if (named.name === 'ID') return 'entity';
  return 'other';
}

/** Every value worth sending for `arg` in this world; OMIT first when it may be left out. */
export function candidates(arg: GraphQLArgument, domain: Domain, atRoot: boolean): Candidate[] {
  const optional = !isNonNullType(arg.type) || arg.defaultValue !== undefined;
  const named = getNamedType(arg.type);
  const { list } = unwrap(arg.type);
  const asList = (values: unknown[]): Candidate[] => (list ? [values, ...values.map((v) => [v])] : values);
  const name = arg.name;
  const withOmit = (values: Candidate[]) => (optional ? [OMIT, ...values] : values);
  switch (classify(arg)) {
    case 'page':
      return atRoot ? withOmit([0, 2]) : withOmit([2]);
    case 'cursor':
      return [OMIT];
    case 'entity':
      if (/handle/i.test(name)) return withOmit(asList(domain.handles));
      if (/slug/i.test(name)) return withOmit(asList(domain.circleSlugs));
      return withOmit(asList(domain.ids));
  }
  if (isEnumType(named)) return withOmit(asList(named.getValues().map((value) => value.value)));
  if (named.name === 'Boolean') return withOmit([true, false]);
  if (/hops/i.test(name)) return withOmit([1, 2, 3, 4, 5, 6]);
  if (named.name === 'Int') return withOmit([1, 3]);
  if (named.name === 'Float') return withOmit([0.5]);
  if (/interest/i.test(name)) return withOmit(asList(domain.interestSlugs));
  if (/search|text|query|term/i.test(name)) return withOmit(domain.searches);
  if (named.name === 'DateTime') return withOmit(['2030-01-01T00:00:00.000Z']);
  if (isScalarType(named)) return withOmit(['quanzi']);
  if (isInputObjectType(named)) return optional ? [OMIT] : [];
  return optional ? [OMIT] : [];
}

export interface Combo {
  values: Record<string, unknown>;
  /** Every argument but the entity ones at its first value: this combination gets the full selection. */
  primary: boolean;
}

/**
 * Argument combinations for a root field: every combination when there are at most
 * `maxProduct`, otherwise every value of every argument paired with every value of every
 * other (the rest at their first value).
 */
export function combos(field: GraphQLField<unknown, unknown>, domain: Domain, maxProduct = 80): Combo[] {
  const args = field.args.filter((arg) => classify(arg) !== 'cursor');
  const lists = args.map((arg) => candidates(arg, domain, true));
  if (lists.some((values) => values.length === 0)) return [];
  const product = lists.reduce((n, values) => n * values.length, 1);
  const seen = new Set<string>();
  const out: Combo[] = [];
  const add = (choice: number[]) => {
    const key = choice.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    const values: Record<string, unknown> = {};
    let primary = true;
    choice.forEach((index, i) => {
      const value = lists[i]![index];
      if (value !== OMIT) values[args[i]!.name] = value;
      if (classify(args[i]!) !== 'entity' && index !== 0) primary = false;
    });
    out.push({ values, primary });
  };
  if (product <= maxProduct) {
    const walk = (i: number, choice: number[]) => {
      if (i === lists.length) return add(choice);
      for (let index = 0; index < lists[i]!.length; index++) walk(i + 1, [...choice, index]);
    };
    walk(0, []);
    return out;
  }
  const base = lists.map(() => 0);
  add(base);
  for (let i = 0; i < lists.length; i++) {
    for (let a = 0; a < lists[i]!.length; a++) {
      add(base.map((v, k) => (k === i ? a : v)));
      for (let j = i + 1; j < lists.length; j++) {
        for (let b = 0; b < lists[j]!.length; b++) add(base.map((v, k) => (k === i ? a : k === j ? b : v)));
      }
    }
  }
  return out;
}

/** A readable, stable name for argument values (cursors named by page, not by value). */
export function describeArgs(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join(', ');
}
