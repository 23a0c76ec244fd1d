using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WorkOrders.Core.Data;

namespace WorkOrders.Migrations.PostgreSQL;

/// <summary>Lets `dotnet ef` build the PostgreSQL model; adding a migration never connects to the server named here.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkOrdersDbContext>
{
    public WorkOrdersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkOrdersDbContext>()
            .UseWorkOrdersDatabase(DatabaseProvider.PostgreSQL, "Host=localhost;Database=workorders_design")
            .Options);
}
