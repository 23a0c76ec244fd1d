using BenchmarkDotNet.Running;

// dotnet run -c Release --project WorkOrders.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
