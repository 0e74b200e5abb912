using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FraiseQL.Generators.Benchmarks -- --job short
BenchmarkSwitcher.FromAssembly(typeof(FraiseQL.Generators.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
