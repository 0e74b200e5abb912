using FraiseQL.Configuration;
using FraiseQL.Events;
using FraiseQL.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// <c>[observers.credentials]</c> from fraiseql.toml to the service's own NATS connection: the <c>*_file</c> secrets and
/// TLS files reach it, relative paths are the toml's folder's, and a wrong combination stops start-up naming the key.
/// </summary>
public sealed class NatsCredentialsConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fraiseql-credentials-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string WriteToml(string credentials)
    {
        var path = Path.Combine(_folder.FullName, "fraiseql.toml");
        File.WriteAllText(path, $"""
            [project]
            name = "order-service"
            [observers]
            nats_url = "nats://127.0.0.1:1"
            [observers.credentials]
            {credentials}
            [[observers.publish]]
            mutation = "create_order"
            subject = "fraiseql.order.created"
            """);
        return path;
    }

    private string WriteSecret(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static NatsConnection ServiceConnection(FraiseQLConfig config)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        FraiseQLRuntimeComposition.Compose(services, config);
        return services.BuildServiceProvider().GetRequiredService<NatsConnection>();
    }

    [Fact]
    public async Task A_relative_password_file_is_read_from_the_tomls_folder_by_the_services_connection()
    {
        var secret = WriteSecret("nats-password", "s3cret\n");
        var config = FraiseQLConfigLoader.LoadFile(WriteToml("user = \"order-service\"\npassword_file = \"nats-password\""), _ => null);
        Assert.Equal(secret, config.Observers.Credentials.PasswordFile);

        var opts = ServiceConnection(config).Opts;
        Assert.NotNull(opts.AuthOpts.AuthCredCallback);
        var credential = await opts.AuthOpts.AuthCredCallback!(new Uri("nats://127.0.0.1:1"), CancellationToken.None);
        Assert.Equal(NatsAuthCred.FromUserInfo("order-service", "s3cret"), credential);
        Assert.NotEqual(NatsAuthCred.FromUserInfo("order-service", "other"), credential);

        await File.WriteAllTextAsync(secret, "rotated\n"); // read again on the next (re)connect
        credential = await opts.AuthOpts.AuthCredCallback!(new Uri("nats://127.0.0.1:1"), CancellationToken.None);
        Assert.Equal(NatsAuthCred.FromUserInfo("order-service", "rotated"), credential);
    }

    [Fact]
    public async Task Token_file_and_tls_files_reach_the_services_connection()
    {
        WriteSecret("nats-token", "t0ken\n");
        var ca = WriteSecret("ca.pem", "-");
        var config = FraiseQLConfigLoader.LoadFile(WriteToml("token_file = \"nats-token\"\ntls_ca_file = \"ca.pem\""), _ => null);

        var opts = ServiceConnection(config).Opts;
        var credential = await opts.AuthOpts.AuthCredCallback!(new Uri("nats://127.0.0.1:1"), CancellationToken.None);
        Assert.Equal(NatsAuthCred.FromToken("t0ken"), credential);
        Assert.Equal(TlsMode.Require, opts.TlsOpts.Mode);
        Assert.Equal(ca, opts.TlsOpts.CaFile);
        Assert.True(opts.IgnoreAuthErrorAbort, "a refused credential must not stop the service's reconnects for good");
    }

    [Fact]
    public void An_empty_token_means_no_credential()
    {
        var config = FraiseQLConfigLoader.LoadFile(WriteToml("token = \"${NATS_TOKEN_FOR_TEST:-}\""), _ => null);
        Assert.Null(config.Observers.Credentials.Token);
        Assert.Null(ServiceConnection(config).Opts.AuthOpts.AuthCredCallback);
    }

    [Fact]
    public void A_user_may_have_an_empty_password_as_fraiseqls_own_files_write_it()
    {
        var config = FraiseQLConfigLoader.LoadFile(WriteToml("user = \"${NATS_USER:-svc}\"\npassword = \"${NATS_PASSWORD:-}\""), _ => null);
        Assert.Equal("svc", config.Observers.Credentials.User);
        Assert.Equal("", config.Observers.Credentials.Password);
    }

    [Fact]
    public void A_missing_secret_file_stops_start_up_naming_the_key_and_the_file()
    {
        var path = WriteToml("user = \"order-service\"\npassword_file = \"missing\"");
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => FraiseQLConfigLoader.LoadFile(path, _ => null));
        Assert.Equal($"{path}: [observers.credentials] password_file: expected an existing file, got \"{Path.Combine(_folder.FullName, "missing")}\"", ex.Message);
    }

    [Theory]
    [InlineData("user = \"a\"\npassword = \"b\"\ntoken = \"c\"", "[observers.credentials] token: only one kind of credential")]
    [InlineData("user = \"a\"", "[observers.credentials] user: needs password or password_file")]
    [InlineData("password = \"b\"", "[observers.credentials] password: needs user")]
    [InlineData("token = \"a\"\ntoken_file = \"b\"", "[observers.credentials] token_file: set token or token_file, not both")]
    public void A_wrong_combination_stops_start_up_naming_the_key(string credentials, string expected)
    {
        WriteSecret("b", "x");
        var path = WriteToml(credentials);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => FraiseQLConfigLoader.LoadFile(path, _ => null));
        Assert.StartsWith($"{path}: {expected}", ex.Message, StringComparison.Ordinal);
    }
}
