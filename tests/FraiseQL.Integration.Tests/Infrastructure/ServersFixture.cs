using FraiseQL.Testing;

namespace FraiseQL.Integration.Tests.Infrastructure;

/// <summary>One PostgreSQL cluster and one nats-server for the whole integration run.</summary>
public sealed class ServersFixture : IDisposable
{
    public ServersFixture()
    {
        Postgres = PostgresServer.Start();
        try
        {
            Nats = NatsServer.Start();
        }
        catch
        {
            Postgres.Dispose();
            throw;
        }
    }

    public PostgresServer Postgres { get; }

    public NatsServer Nats { get; }

    public void Dispose()
    {
        Nats.Dispose();
        Postgres.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
