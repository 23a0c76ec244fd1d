using BenchmarkDotNet.Attributes;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Benchmarks;

/// <summary>The work order list and the approval inbox with 100,000 work orders in the database.</summary>
[MemoryDiagnoser]
public class WorkOrderListBenchmarks
{
    private BenchmarkDatabase database = null!;
    private WorkOrderQueries queries = null!;
    private Actor dispatcher = null!, approver = null!;

    [Params(100_000)]
    public int WorkOrders { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        database = await BenchmarkDatabase.StartAsync(WorkOrders);
        queries = database.Get<WorkOrderQueries>();
        dispatcher = await database.ActorAsync("dispatcher@prairiefuel.example");
        approver = await database.ActorAsync("admin@prairiefuel.example");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await database.DisposeAsync();

    [Benchmark(Baseline = true, Description = "first page, no filter")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> FirstPage() => queries.ListAsync(dispatcher, new WorkOrderFilter());

    [Benchmark(Description = "page 2,000 (deep paging)")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> DeepPage() => queries.ListAsync(dispatcher, new WorkOrderFilter(PageIndex: 2000));

    [Benchmark(Description = "status filter Approved")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> ByStatus() => queries.ListAsync(dispatcher, new WorkOrderFilter(Status: WorkOrderStatus.Approved));

    [Benchmark(Description = "waiting for me (inbox)")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> WaitingForMe() => queries.ListAsync(approver, new WorkOrderFilter(WorkOrderScope.WaitingForMe));

    [Benchmark(Description = "title search 'pump'")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> Search() => queries.ListAsync(dispatcher, new WorkOrderFilter(Search: "pump"));

    [Benchmark(Description = "number search WO-050000")]
    public Task<WorkOrders.Core.Common.Page<WorkOrderSummary>> NumberSearch() => queries.ListAsync(dispatcher, new WorkOrderFilter(Search: "WO-050000"));
}
