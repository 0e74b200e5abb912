using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

internal sealed partial class ServiceModelBuilder
{
    private (List<PublishModel> Publishes, List<HandlerModel> Handlers, List<HandlerModel> Responders, List<SubjectConstant> Subjects)
        ResolveObservers(List<ResolvedMutation> mutations, List<ResolvedSubscription> subscriptions)
    {
        var publishes = new List<PublishModel>();
        var handlers = new List<HandlerModel>();
        var responders = new List<HandlerModel>();
        if (_config is null)
        {
            return (publishes, handlers, responders, new List<SubjectConstant>());
        }

        var allSubjects = new SortedSet<string>(StringComparer.Ordinal);
        var mutationNames = string.Join(", ", _schema.Mutations.Select(m => m.DeclaredName));
        var topics = string.Join(", ", _schema.Subscriptions.Select(s => s.Topic).Distinct());
        foreach (var p in _config.Publishes)
        {
            var ok = true;
            if (!_schema.Mutations.Any(m => m.DeclaredName == p.Mutation || m.Name == p.Mutation))
            {
                Report("FQL0201", p.MutationSpan, p.Mutation, mutationNames.Length == 0 ? "(schema.json declares no mutations)" : mutationNames);
                ok = false;
            }
            var problem = NatsSubject.Check(p.Subject, allowWildcards: false);
            if (problem is not null)
            {
                Report("FQL0202", p.SubjectSpan, p.Subject, "[[observers.publish]]", problem);
                ok = false;
            }
            if (p.SubscriptionTopic is not null && !_schema.Subscriptions.Any(s => s.Topic == p.SubscriptionTopic))
            {
                Report("FQL0203", p.TopicSpan, p.SubscriptionTopic, topics.Length == 0 ? "(schema.json declares no subscriptions)" : topics);
                ok = false;
            }
            if (ok)
            {
                publishes.Add(p);
                allSubjects.Add(p.Subject);
            }
        }

        var bySubject = new Dictionary<string, SubscribeModel>(StringComparer.Ordinal);
        var byConsumerSuffix = new Dictionary<string, SubscribeModel>(StringComparer.Ordinal); // durable consumer names must differ
        var validSubscribes = new List<SubscribeModel>();
        foreach (var s in _config.Subscribes)
        {
            var problem = NatsSubject.Check(s.Subject, allowWildcards: true);
            if (problem is not null)
            {
                Report("FQL0202", s.SubjectSpan, s.Subject, "[[observers.subscribe]]", problem);
                continue;
            }
            if (!SqlIdentifier.IsValid(s.Handler, maxParts: 2))
            {
                Report("FQL0209", s.HandlerSpan, s.Handler);
                continue;
            }
            if (bySubject.TryGetValue(s.Subject, out var first))
            {
                if (first.Handler == s.Handler)
                {
                    Report("FQL0205", s.SubjectSpan, s.Subject, s.Handler);
                }
                else
                {
                    Report("FQL0204", s.HandlerSpan, s.Subject, first.Handler, s.Handler);
                }
                continue;
            }
            var suffix = NatsSubject.ConsumerSuffix(s.Subject);
            if (byConsumerSuffix.TryGetValue(suffix, out var sharing))
            {
                Report("FQL0210", s.SubjectSpan, s.Subject, sharing.Subject, suffix);
                continue;
            }
            byConsumerSuffix[suffix] = s;
            bySubject[s.Subject] = s;
            validSubscribes.Add(s);
            allSubjects.Add(s.Subject);
        }

        foreach (var r in _config.Requests)
        {
            if (!_schema.Queries.Any(q => q.DeclaredName == r.Query || q.Name == r.Query))
            {
                Report("FQL0206", r.QuerySpan, r.Query, string.Join(", ", _schema.Queries.Select(q => q.DeclaredName)));
                continue;
            }
            var problem = NatsSubject.Check(r.Subject, allowWildcards: false);
            if (problem is not null)
            {
                Report("FQL0202", r.SubjectSpan, r.Subject, "[[observers.request]]", problem);
                continue;
            }
            allSubjects.Add(r.Subject);
        }
        var validResponds = new List<RespondModel>();
        foreach (var r in _config.Responds)
        {
            var problem = NatsSubject.Check(r.Subject, allowWildcards: true);
            if (problem is not null)
            {
                Report("FQL0202", r.SubjectSpan, r.Subject, "[[observers.respond]]", problem);
                continue;
            }
            if (!SqlIdentifier.IsValid(r.Handler, maxParts: 2))
            {
                Report("FQL0209", r.HandlerSpan, r.Handler);
                continue;
            }
            validResponds.Add(r);
            allSubjects.Add(r.Subject);
        }

        // Subjects constants: PascalCase, collisions disambiguated in ordinal order (_2, _3…).
        var subjects = new List<SubjectConstant>();
        var constantOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in allSubjects)
        {
            var baseName = CSharpMemberNames.StaticMember(NameCasing.ToPascal(subject.Replace("*", "Any").Replace(">", "All")), "Subjects", "Subject");
            var name = baseName;
            for (var n = 2; !used.Add(name); n++)
            {
                name = baseName + "_" + n;
            }
            constantOf[subject] = name;
            subjects.Add(new SubjectConstant(name, subject));
        }

        handlers.AddRange(NameHandlers(validSubscribes.Select(s => (s.Subject, s.Handler, s.MaxDeliver, s.AckWaitMs, s.InvalidatesViews)), constantOf, "Handlers"));
        responders.AddRange(NameHandlers(validResponds.Select(s => (s.Subject, s.Handler, (int?)null, (int?)null, default(EquatableArray<string>))), constantOf, "Responders"));
        return (publishes, handlers, responders, subjects);
    }

    private static IEnumerable<HandlerModel> NameHandlers(
        IEnumerable<(string Subject, string Handler, int? MaxDeliver, int? AckWaitMs, EquatableArray<string> InvalidatesViews)> entries, Dictionary<string, string> constantOf, string className)
    {
        var list = entries.ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (subject, handler, maxDeliver, ackWait, invalidatesViews) in list)
        {
            var pascal = NameCasing.ToPascal(handler);
            var shared = list.Count(e => NameCasing.ToPascal(e.Handler) == pascal) > 1;
            var name = CSharpMemberNames.StaticMember(shared ? pascal + "For" + constantOf[subject] : pascal, className, "Handler");
            for (var n = 2; !used.Add(name); n++)
            {
                name = pascal + "_" + n;
            }
            yield return new HandlerModel(
                name, subject, constantOf[subject], handler,
                $"SELECT {SqlIdentifier.Quote(handler)}($1::jsonb)",
                NatsSubject.ConsumerSuffix(subject),
                maxDeliver,
                ackWait,
                invalidatesViews);
        }
    }

    private static List<ResolvedMutation> AttachPublishes(List<ResolvedMutation> mutations, List<PublishModel> publishes) =>
        mutations.Select(m => m with
        {
            Publishes = publishes.Where(p => p.Mutation == m.Declared.DeclaredName || p.Mutation == m.Declared.Name).ToEquatableArray(),
        }).ToList();

    private static List<ResolvedSubscription> AttachSubjects(List<ResolvedSubscription> subscriptions, List<PublishModel> publishes) =>
        subscriptions.Select(s => s with
        {
            Subjects = publishes.Where(p => p.SubscriptionTopic == s.Declared.Topic).Select(p => p.Subject).Distinct().ToEquatableArray(),
        }).ToList();

    private List<ResolvedQuery> AttachRemotes(List<ResolvedQuery> queries)
    {
        if (_config is null)
        {
            return queries;
        }
        return queries.Select(q =>
        {
            var remote = _config.Requests.FirstOrDefault(r => r.Query == q.Declared.DeclaredName || r.Query == q.Declared.Name);
            return remote is null ? q : q with { Remote = remote };
        }).ToList();
    }
}
