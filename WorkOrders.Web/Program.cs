using WorkOrders.Core;
using WorkOrders.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkOrdersCore();
builder.AddWorkOrdersWeb();

var app = builder.Build();

app.UseWorkOrdersWeb();

app.Run();
