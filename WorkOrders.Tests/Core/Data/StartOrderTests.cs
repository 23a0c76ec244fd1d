using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkOrders.Core;
using WorkOrders.Core.Data;

namespace WorkOrders.Tests.Core.Data;

/// <summary>
/// The host starts hosted services in registration order, so on a fresh database no background worker may come
/// before the one that applies the migrations; otherwise its first query fails on a missing table.
/// </summary>
public sealed class StartOrderTests
{
    [Fact]
    public void AddWorkOrdersCore_HostedServices_DatabaseInitializerStartsFirst()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddWorkOrdersCore();

        var hosted = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();

        Assert.True(hosted.Count > 1);
        Assert.Equal(typeof(DatabaseInitializer), hosted[0].ImplementationType);
    }
}
