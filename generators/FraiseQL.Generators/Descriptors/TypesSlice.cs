namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Types.g.cs.</summary>
internal sealed record TypesSlice(
    string Namespace,
    EquatableArray<ObjectTypeModel> Types,
    EquatableArray<EnumModel> Enums,
    EquatableArray<InputTypeModel> InputTypes,
    EquatableArray<InterfaceModel> Interfaces,
    EquatableArray<UnionModel> Unions,
    EquatableArray<ScalarModel> Scalars);
