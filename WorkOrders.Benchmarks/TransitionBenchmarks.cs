using BenchmarkDotNet.Attributes;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Use cases end to end on SQLite: each transition reads the work order, applies the lifecycle, writes
/// history, in-app notifications and outbox rows, and commits with the version check.
/// </summary>
[MemoryDiagnoser]
public class TransitionBenchmarks
{
    private BenchmarkDatabase database = null!;
    private WorkOrderService service = null!;
    private WorkOrderQueries queries = null!;
    private Actor dispatcher = null!, approver = null!;
    private int workOrderId, version;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        database = await BenchmarkDatabase.StartAsync(extraWorkOrders: 10_000);
        service = database.Get<WorkOrderService>();
        queries = database.Get<WorkOrderQueries>();
        dispatcher = await database.ActorAsync("dispatcher@prairiefuel.example");
        approver = await database.ActorAsync("admin@prairiefuel.example");
        var draft = (await queries.ListAsync(dispatcher, new WorkOrderFilter(WorkOrderScope.CreatedByMe, WorkOrderStatus.Draft, Search: "Island 2"))).Items.Single();
        workOrderId = draft.Id;
        version = (await queries.GetAsync(dispatcher, workOrderId)).Value!.Version;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await database.DisposeAsync();

    [Benchmark(Baseline = true, Description = "work order detail (read)")]
    public Task<WorkOrders.Core.Common.Result<WorkOrderDetail>> Detail() => queries.GetAsync(dispatcher, workOrderId);

    /// <summary>Three transitions that bring the work order back to Draft, so every invocation does the same work.</summary>
    [Benchmark(Description = "submit + deny + reset (3 transitions)")]
    public async Task SubmitDenyReset()
    {
        Check(await service.SubmitAsync(dispatcher, workOrderId, version++, approver.UserId));
        Check(await service.DenyAsync(approver, workOrderId, version++, "Benchmark"));
        Check(await service.ResetAsync(dispatcher, workOrderId, version++));
    }

    private static void Check(WorkOrders.Core.Common.Result result)
    {
        if (!result.IsOk) throw new InvalidOperationException(result.Message);
    }
}
