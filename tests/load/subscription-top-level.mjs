// A rule of the GraphQL spec's draft that graphql-js 16 (the reference of the differential checks) does not have yet:
// a subscription's top level selection must not use @skip or @include (graphql-js 17, graphql-java and Hot Chocolate
// check it, as the service does). A document breaking it is invalid, whatever graphql-js 16's validate says.
export function conditionalAtSubscriptionTopLevel(ast) {
  const fragments = new Map(ast.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
  const conditional = (node) => (node.directives ?? []).some((d) => d.name.value === 'skip' || d.name.value === 'include');
  const visit = (set, seen) => set.selections.some((s) => conditional(s)
    || (s.kind === 'InlineFragment' && visit(s.selectionSet, seen))
    || (s.kind === 'FragmentSpread' && !seen.has(s.name.value) && fragments.has(s.name.value)
      && (seen.add(s.name.value), visit(fragments.get(s.name.value).selectionSet, seen))));
  return ast.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription' && visit(d.selectionSet, new Set()));
}
