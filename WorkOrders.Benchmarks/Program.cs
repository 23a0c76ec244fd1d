using BenchmarkDotNet.Running;
using WorkOrders.Benchmarks.PageWeight;

// dotnet run -c Release --project WorkOrders.Benchmarks -- --filter '*'
// dotnet run -c Release --project WorkOrders.Benchmarks -- pageweight [publish folder] [tabs per step] [user]
if (args.Length > 0 && args[0] == "pageweight") return await PageWeightRun.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
