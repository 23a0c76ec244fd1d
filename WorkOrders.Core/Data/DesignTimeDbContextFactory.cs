using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WorkOrders.Core.Data;

/// <summary>Lets `dotnet ef` build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkOrdersDbContext>
{
    public WorkOrdersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkOrdersDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
