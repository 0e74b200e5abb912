using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FraiseQL.Benchmarks.Pipeline -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(FraiseQL.Benchmarks.Pipeline.RequestPipelineBenchmarks).Assembly).Run(args);
