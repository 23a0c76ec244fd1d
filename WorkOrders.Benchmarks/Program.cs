using BenchmarkDotNet.Running;

// dotnet run -c Release --project WorkOrders.Benchmarks -- --filter '*'
// dotnet run -c Release --project WorkOrders.Benchmarks -- circuits [--listeners 100,1000] [--capacity 1000,2000,3000]
if (args is ["circuits", ..]) return await WorkOrders.Benchmarks.CircuitLoad.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
