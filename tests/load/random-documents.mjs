// Random GraphQL documents over a schema, for the differential checks (validation-diff.mjs, response-diff.mjs).
//
// Documents are built from the schema (fields, aliases, arguments with literals or variables, nested input objects,
// lists, enums, fragments, inline fragments on possible types, @skip/@include). Up to a given number of faults are
// injected, each breaking one validation rule of the GraphQL spec's §5 (an unknown field, argument, type, fragment
// or directive, a duplicate name, a missing required argument or input field, a wrong literal, a selection on a leaf
// or none on an object, conflicting aliases, an impossible spread, a fragment cycle, an unused or undefined variable,
// a variable in a position its type does not allow, ...). The same seed gives the same documents.
import {
  getNamedType, isNonNullType, isListType, isLeafType, isEnumType, isInputObjectType, isAbstractType, isObjectType,
} from 'graphql';
import { seededRandom } from './check-support.mjs';

/**
 * A seeded source of documents over schema. next(options) returns { text, operationName, faults, kind }. Options:
 * faults, the most faults to inject (0: a valid document, save for chance); kinds, the operation kinds to choose from
 * (default: all the schema has); variables, false to write literals only; typenameOnAbstract, true to select
 * __typename first in every selection on an interface or union; argumentChance, how likely an optional argument is
 * given (0.35); variableChance, how likely an argument's value is a variable (0.25). values(variables, faults) gives
 * JSON values for an operation's variables.
 */
export function randomDocuments(schema, seed) {
  const { random, chance, pick, between } = seededRandom(seed);

  // fault budget lasts, and the faults injected are recorded, to print with a disagreement.
  class DocumentBuilder {
    constructor(options) {
      this.budget = options.faults ?? 0;
      this.kinds = options.kinds;
      this.useVariables = options.variables ?? true;
      this.typenameOnAbstract = options.typenameOnAbstract ?? false;
      this.argumentChance = options.argumentChance ?? 0.35;
      this.variableChance = options.variableChance ?? 0.25;
      this.faults = [];
      this.variables = [];        // { name, text, defaultValue }
      this.fragments = [];        // { name, on, body }
      this.fragmentCounter = 0;
      this.variableCounter = 0;
    }

    fault(name, p = 0.08) {
      if (this.budget > 0 && chance(p)) {
        this.budget--;
        this.faults.push(name);
        return true;
      }
      return false;
    }

    // a type reference as written in a document
    typeText(type) {
      if (isNonNullType(type)) return `${this.typeText(type.ofType)}!`;
      if (isListType(type)) return `[${this.typeText(type.ofType)}]`;
      return type.name;
    }

    // a literal of the input type; faults: wrong kind, null for non-null, unknown enum value, unknown or duplicate or
    // missing input field
    literal(type, depth = 0) {
      if (isNonNullType(type)) {
        if (this.fault('null-for-non-null', 0.02)) return 'null';
        return this.literal(type.ofType, depth);
      }
      if (chance(0.05)) return 'null';
      if (isListType(type)) {
        if (chance(0.3)) return this.literal(type.ofType, depth + 1); // input coercion accepts one item for a list
        const n = between(0, 2);
        return `[${Array.from({ length: n }, () => this.literal(type.ofType, depth + 1)).join(', ')}]`;
      }
      if (this.fault('wrong-literal-kind', 0.03)) return pick(['"text"', '12', '1.5', 'true', 'SOME_ENUM', '{a: 1}', '[1, 2]']);
      if (isEnumType(type)) {
        if (this.fault('unknown-enum-value', 0.05)) return 'NOT_A_VALUE';
        if (this.fault('enum-as-string', 0.05)) return `"${pick(type.getValues()).name}"`;
        return pick(type.getValues()).name;
      }
      if (isInputObjectType(type)) {
        if (depth > 3) return 'null';
        const fields = Object.values(type.getFields());
        const parts = [];
        for (const f of fields) {
          const required = isNonNullType(f.type) && f.defaultValue === undefined;
          if (required && this.fault('missing-required-input-field', 0.05)) continue;
          if (required || chance(0.5)) parts.push(`${f.name}: ${this.literal(f.type, depth + 1)}`);
        }
        if (parts.length > 0 && this.fault('duplicate-input-field', 0.03)) parts.push(parts[0]);
        if (this.fault('unknown-input-field', 0.03)) parts.push('notAField: 1');
        return `{${parts.join(', ')}}`;
      }
      return this.scalarLiteral(type);
    }

    scalarLiteral(type) {
      switch (type.name) {
        case 'Int': return String(between(-5, 100));
        case 'Float': return pick(['1.5', '2', '-0.25', '1e3']);
        case 'String': return pick(['"a"', '"hello world"', '""', '"ü\\n"', '"""block"""']);
        case 'Boolean': return pick(['true', 'false']);
        case 'ID': return pick(['"1"', '7', '"00000000-0000-0000-0000-000000000000"']);
        // custom scalars accept what their own coercion accepts; graphql-js's client schema accepts any literal for them
        case 'UUID': return '"00000000-0000-0000-0000-000000000001"';
        case 'DateTime': return '"2024-01-02T03:04:05Z"';
        case 'Date': return '"2024-01-02"';
        case 'Decimal': return pick(['"1.50"', '2']);
        case 'JSON': return pick(['{a: 1}', '"x"', '[1]']);
        default: return '"x"';
      }
    }

    // an argument value: a literal, or a variable declared for it (faults: undefined variable, a variable whose type
    // the position does not allow)
    argumentValue(type) {
      if (this.useVariables && chance(this.variableChance)) {
        if (this.fault('undefined-variable', 0.05)) return '$notDeclared';
        const name = `v${this.variableCounter++}`;
        // the argument's type, its nullable form (a fault for a non-null argument without a default), or a non-null
        // variable for a nullable argument (allowed)
        let text = this.typeText(type);
        let valueType = type;
        if (isNonNullType(type) && this.fault('nullable-variable-for-non-null', 0.15)) {
          valueType = type.ofType;
          text = this.typeText(valueType);
        } else if (!isNonNullType(type) && chance(0.3)) {
          text = `${text}!`;
        }
        const variable = { name, text };
        if (chance(0.2)) variable.defaultValue = this.literal(valueType);
        this.variables.push(variable);
        return `$${name}`;
      }
      return this.literal(type);
    }

    argumentsText(field) {
      const parts = [];
      for (const arg of field.args) {
        const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
        if (required && this.fault('missing-required-argument', 0.1)) continue;
        if (required || chance(this.argumentChance)) parts.push(`${arg.name}: ${this.argumentValue(arg.type)}`);
      }
      if (parts.length > 0 && this.fault('duplicate-argument', 0.03)) parts.push(parts[0]);
      if (this.fault('unknown-argument', 0.03)) parts.push('notAnArgument: 1');
      return parts.length > 0 ? `(${parts.join(', ')})` : '';
    }

    directivesText(location) {
      const parts = [];
      if (chance(0.1)) parts.push(`@${pick(['skip', 'include'])}(if: ${this.argumentValue(schema.getDirective('skip').args[0].type)})`);
      if (location === 'field') {
        if (parts.length > 0 && this.fault('duplicate-directive', 0.1)) parts.push(parts[0]);
        if (this.fault('directive-in-wrong-location', 0.02)) parts.push('@deprecated');
        if (this.fault('skip-without-if', 0.02)) parts.push('@skip');
      }
      if (this.fault('unknown-directive', 0.01)) parts.push('@notADirective');
      return parts.length > 0 ? ` ${parts.join(' ')}` : '';
    }

    // a selection set on a composite type
    selectionSet(type, depth) {
      const selections = [];
      const fields = Object.values(type.getFields?.() ?? {});
      const n = between(1, 3);
      for (let i = 0; i < n; i++) {
        if (isAbstractType(type) || (chance(0.1) && depth > 0)) {
          const selection = this.fragmentSelection(type, depth);
          if (selection) selections.push(selection);
          if (isAbstractType(type) && fields.length === 0) continue;
        }
        if (fields.length === 0 || chance(0.1)) {
          selections.push('__typename');
          continue;
        }
        selections.push(this.fieldSelection(pick(fields), type, depth));
      }
      if (selections.length > 0 && this.fault('conflicting-alias', 0.03) && fields.length > 1) {
        const [a, b] = [fields[0], fields[1]];
        selections.push(`same: ${a.name}${this.requiredArgsText(a)}${this.subSelection(a, depth)}`);
        selections.push(`same: ${b.name}${this.requiredArgsText(b)}${this.subSelection(b, depth)}`);
      }
      if (this.fault('unknown-field', 0.03)) selections.push('notAField');
      if (this.typenameOnAbstract && isAbstractType(type)) selections.unshift('__typename');
      return `{ ${selections.join(' ')} }`;
    }

    requiredArgsText(field) {
      const parts = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${this.literal(a.type)}`);
      return parts.length > 0 ? `(${parts.join(', ')})` : '';
    }

    subSelection(field, depth) {
      return isLeafType(getNamedType(field.type)) ? '' : ` { __typename }`;
    }

    fieldSelection(field, parentType, depth) {
      const alias = chance(0.2) ? `${pick(['a', 'b', 'x1'])}${between(0, 3)}: ` : '';
      const named = getNamedType(field.type);
      let text = `${alias}${field.name}${this.argumentsText(field)}${this.directivesText('field')}`;
      if (isLeafType(named)) {
        if (this.fault('selection-on-leaf', 0.03)) text += ' { __typename }';
      } else if (this.fault('missing-selection', 0.03)) {
        // no selection set on a composite field
      } else if (depth >= 3) {
        text += ' { __typename }';
      } else {
        text += ` ${this.selectionSet(named, depth + 1)}`;
      }
      return text;
    }

    // an inline fragment or a spread of a named fragment, on the type itself or one of its possible types
    fragmentSelection(type, depth) {
      const candidates = isAbstractType(type) ? [...schema.getPossibleTypes(type), type] : [type];
      let on = pick(candidates);
      if (this.fault('impossible-spread', 0.05)) {
        const unrelated = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__') && !candidates.includes(t));
        if (unrelated.length > 0) on = pick(unrelated);
      }
      let onName = on.name;
      if (this.fault('fragment-on-unknown-type', 0.02)) onName = 'NotAType';
      else if (this.fault('fragment-on-scalar', 0.02)) onName = 'String';
      if (depth >= 3) return `... on ${onName} { __typename }`;
      const body = onName === on.name ? this.selectionSet(on, depth + 1) : '{ __typename }';
      if (chance(0.5)) return `... on ${onName}${this.directivesText('inline')} ${body}`;
      const name = `F${this.fragmentCounter++}`;
      this.fragments.push({ name, on: onName, body });
      if (this.fault('unknown-fragment', 0.03)) return '...NotAFragment';
      return `...${name}`;
    }

    operation(kind, rootType, name) {
      const before = this.variables.length;
      const fields = Object.values(rootType.getFields());
      let selections;
      if (kind === 'subscription') {
        selections = [this.fieldSelection(pick(fields), rootType, 0)];
        if (this.fault('two-subscription-root-fields', 0.1)) selections.push('__typename');
      } else {
        selections = Array.from({ length: between(1, 2) }, () => this.fieldSelection(pick(fields), rootType, 0));
      }
      const body = `{ ${selections.join(' ')} }`;
      const variables = this.variables.slice(before);
      if (this.fault('unused-variable', 0.05)) variables.push({ name: 'unused', text: 'Int' });
      if (variables.length > 0 && this.fault('duplicate-variable', 0.05)) variables.push(variables[0]);
      if (this.fault('variable-of-output-type', 0.03)) {
        const output = Object.values(schema.getTypeMap()).find((t) => isObjectType(t) && !t.name.startsWith('__'));
        variables.push({ name: 'outputTyped', text: output.name });
        return this.withVariables(kind, name, variables, body.replace(/ }$/, ' __typename @include(if: true) }'));
      }
      return this.withVariables(kind, name, variables, body);
    }

    withVariables(kind, name, variables, body) {
      const declared = variables.map((v) => `$${v.name}: ${v.text}${v.defaultValue ? ` = ${v.defaultValue}` : ''}`);
      const header = name || declared.length > 0 ? `${kind} ${name ?? ''}${declared.length > 0 ? `(${declared.join(', ')})` : ''} ` : (kind === 'query' ? '' : `${kind} `);
      return `${header}${body}`;
    }

    document() {
      const kinds = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()], ['subscription', schema.getSubscriptionType()]]
        .filter(([k, t]) => t && Object.keys(t.getFields()).length > 0 && (!this.kinds || this.kinds.includes(k)));
      const [kind, rootType] = chance(0.7) ? kinds[0] : pick(kinds);
      const named = chance(0.5) || kind !== 'query';
      const operations = [this.operation(kind, rootType, named ? 'Op' : undefined)];
      if (this.fault('duplicate-operation-name', 0.03)) operations.push(`query Op { __typename }`);
      if (this.fault('second-operation-beside-anonymous', 0.03)) operations.push(named ? '{ __typename }' : 'query Other { __typename }');
      const fragments = this.fragments.map((f) => `fragment ${f.name} on ${f.on} ${f.body}`);
      if (this.fragments.length > 0 && this.fault('duplicate-fragment-name', 0.05)) fragments.push(`fragment ${this.fragments[0].name} on ${this.fragments[0].on} { __typename }`);
      if (this.fault('unused-fragment', 0.03)) fragments.push(`fragment Unused on ${rootType.name} { __typename }`);
      if (this.fragments.length > 0 && this.fault('fragment-cycle', 0.05)) {
        const f = this.fragments[0];
        fragments[0] = `fragment ${f.name} on ${f.on} { __typename ...${f.name}Back }`;
        fragments.push(`fragment ${f.name}Back on ${f.on} { __typename ...${f.name} }`);
      }
      if (this.fault('type-definition', 0.01)) fragments.push('type Extra { a: Int }');
      return { text: [...operations, ...fragments].join('\n'), operationName: named ? 'Op' : undefined, faults: this.faults, kind };
    }
  }

  // JSON values for variables; faults: null for a non-null type, a value of the wrong kind, an unknown enum value,
  // an Int out of range or with a fraction, a missing required or an unknown input field
  class ValueBuilder {
    constructor(faultBudget) {
      this.budget = faultBudget;
      this.faults = [];
    }

    fault(name, p) {
      if (this.budget > 0 && chance(p)) {
        this.budget--;
        this.faults.push(name);
        return true;
      }
      return false;
    }

    value(type, depth = 0) {
      if (isNonNullType(type)) {
        if (this.fault('null-for-non-null', 0.03)) return null;
        return this.value(type.ofType, depth);
      }
      if (chance(0.05)) return null;
      if (isListType(type)) {
        if (chance(0.3)) return this.value(type.ofType, depth + 1); // one item for a list
        return Array.from({ length: between(0, 2) }, () => this.value(type.ofType, depth + 1));
      }
      if (this.fault('wrong-kind', 0.04)) return pick(['text', 12, 1.5, true, { a: 1 }, [1, 2]]);
      if (isEnumType(type)) {
        if (this.fault('unknown-enum-value', 0.05)) return 'NOT_A_VALUE';
        return pick(type.getValues()).name;
      }
      if (isInputObjectType(type)) {
        if (depth > 3) return null;
        const result = {};
        for (const f of Object.values(type.getFields())) {
          const required = isNonNullType(f.type) && f.defaultValue === undefined;
          if (required && this.fault('missing-required-field', 0.05)) continue;
          if (required || chance(0.5)) result[f.name] = this.value(f.type, depth + 1);
        }
        if (this.fault('unknown-field', 0.03)) result.notAField = 1;
        return result;
      }
      switch (type.name) {
        case 'Int':
          if (this.fault('int-out-of-range', 0.05)) return 2 ** 31;
          if (this.fault('int-with-fraction', 0.05)) return 2.5;
          return between(-5, 100);
        case 'Float': return pick([1.5, 2, -0.25, 1e3]);
        case 'String': return pick(['a', 'hello world', '', 'ü\n', '"quoted"']);
        case 'Boolean': return chance(0.5);
        case 'ID': return pick(['1', 7, '00000000-0000-0000-0000-000000000000']);
        case 'UUID': return '00000000-0000-0000-0000-000000000001';
        case 'DateTime': return '2024-01-02T03:04:05Z';
        case 'Date': return '2024-01-02';
        case 'Time': return '03:04:05';
        case 'Decimal': return pick(['1.50', 2, 0.25]);
        default: return pick([{ a: [1, 'b'] }, 'x', 3, null]);
      }
    }
  }

  return {
    next(options = {}) {
      const builder = new DocumentBuilder(options);
      return builder.document();
    },
    /**
     * Values for the given variables ([{ name, type }] with graphql-js input types), with up to `faults` faults (one
     * of them may be a required variable left out). Returns { values, faults }.
     */
    values(variables, faults = 0) {
      const builder = new ValueBuilder(faults);
      const values = {};
      for (const { name, type, hasDefault } of variables) {
        const required = isNonNullType(type) && !hasDefault;
        if (required ? builder.fault('missing-required-variable', 0.05) : chance(0.1)) continue;
        values[name] = builder.value(type);
      }
      return { values, faults: builder.faults };
    },
    chance,
    pick,
    between,
  };
}
