using FraiseQL.Runtime.Security.Nats;

return await NatsAuthorizationCommand.RunAsync(args, Console.Out, Console.Error);
