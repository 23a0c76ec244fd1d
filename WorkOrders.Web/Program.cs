using WorkOrders.Core;
using WorkOrders.Web;
using WorkOrders.Web.Operations;

if (CopyDatabaseCommand.IsRequested(args))
{
    return await CopyDatabaseCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkOrdersCore();
builder.AddWorkOrdersWeb();

var app = builder.Build();

app.UseWorkOrdersWeb();

app.Run();
return 0;
