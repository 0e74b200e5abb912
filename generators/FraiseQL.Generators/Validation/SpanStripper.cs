using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// Removes file positions from validated models. Positions are only needed for diagnostics (reported
/// before this runs); without them an edit early in schema.json does not change the emitter inputs of
/// everything after it, so unaffected outputs stay cached.
/// </summary>
internal static class SpanStripper
{
    private static readonly FileSpan None = default;

    public static ObjectTypeModel Strip(ObjectTypeModel t) => t with { Span = None, Fields = t.Fields.Select(Strip).ToEquatableArray() };

    public static FieldModel Strip(FieldModel f) => f with { Span = None, TypeSpan = None, Arguments = Strip(f.Arguments) };

    public static ArgumentModel Strip(ArgumentModel a) => a with { Span = None, TypeSpan = None };

    public static EquatableArray<ArgumentModel> Strip(EquatableArray<ArgumentModel> args) => args.Select(Strip).ToEquatableArray();

    public static EnumModel Strip(EnumModel e) => e with { Span = None, Values = e.Values.Select(v => v with { Span = None }).ToEquatableArray() };

    public static InputTypeModel Strip(InputTypeModel i) =>
        i with { Span = None, Fields = i.Fields.Select(f => f with { Span = None, TypeSpan = None }).ToEquatableArray() };

    public static InterfaceModel Strip(InterfaceModel i) => i with { Span = None, Fields = i.Fields.Select(Strip).ToEquatableArray() };

    public static UnionModel Strip(UnionModel u) => u with { Span = None, MemberTypes = u.MemberTypes.Select(m => m with { Span = None }).ToEquatableArray() };

    public static ScalarModel Strip(ScalarModel s) => s with { Span = None };

    public static DirectiveModel Strip(DirectiveModel d) => d with { Span = None, Arguments = Strip(d.Arguments) };

    public static EquatableArray<InjectParamModel> Strip(EquatableArray<InjectParamModel> p) => p.Select(x => x with { Span = None }).ToEquatableArray();

    public static PublishModel Strip(PublishModel p) => p with { MutationSpan = None, SubjectSpan = None, TopicSpan = null };

    public static ResolvedQuery Strip(ResolvedQuery q) => q with
    {
        Declared = q.Declared with
        {
            Span = None, NameSpan = None, ReturnTypeSpan = None, SqlSourceSpan = null, CountSpan = null,
            Arguments = Strip(q.Declared.Arguments), InjectParams = Strip(q.Declared.InjectParams),
        },
        InjectParams = Strip(q.InjectParams),
        Remote = q.Remote is null ? null : q.Remote with { QuerySpan = None, SubjectSpan = None },
        NodeTypes = q.NodeTypes.Select(n => n with { InjectParams = Strip(n.InjectParams) }).ToEquatableArray(),
    };

    public static ResolvedMutation Strip(ResolvedMutation m) => m with
    {
        Declared = m.Declared with
        {
            Span = None, NameSpan = None, ReturnTypeSpan = None, SqlSourceSpan = null,
            Arguments = Strip(m.Declared.Arguments), InjectParams = Strip(m.Declared.InjectParams),
        },
        InjectParams = Strip(m.InjectParams),
        Publishes = m.Publishes.Select(Strip).ToEquatableArray(),
    };

    public static ResolvedSubscription Strip(ResolvedSubscription s) => s with
    {
        Declared = s.Declared with { Span = None, NameSpan = None, ReturnTypeSpan = None, Arguments = Strip(s.Declared.Arguments) },
    };
}
