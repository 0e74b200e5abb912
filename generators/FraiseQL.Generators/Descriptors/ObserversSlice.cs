namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Observers.g.cs.</summary>
internal sealed record ObserversSlice(
    string Namespace,
    EquatableArray<PublishModel> Publishes,
    EquatableArray<HandlerModel> Handlers,
    EquatableArray<HandlerModel> Responders);
