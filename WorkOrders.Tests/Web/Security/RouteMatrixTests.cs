using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;

namespace WorkOrders.Tests.Web.Security;

/// <summary>
/// Every routable page (components with a route, found by reflection) and every mapped endpoint (the app's
/// EndpointDataSource), requested as every demo user and anonymously, with the ids of another tenant's
/// facility and work order and with malformed ids: no server error, and nothing of the other tenant in the answer.
/// </summary>
public sealed class RouteMatrixTests(RouteMatrixTests.App app, ITestOutputHelper output) : IClassFixture<RouteMatrixTests.App>
{
    public sealed class App : WebAppFactory;

    private static readonly string[] Users = [Demo.Admin, Demo.Dispatcher, Demo.Tech, Demo.ProviderAdmin, Demo.ProviderTech, Demo.OtherCompanyAdmin];
    private static readonly string[] MalformedIds = ["0", "-1", "99999999999", "abc", "1%27%20OR%201=1"];

    [Fact]
    public async Task EveryRouteAsEveryUser_ForeignAndMalformedIds_NoServerErrorAndNoCrossTenantLeak()
    {
        var templates = RouteTemplates();
        Assert.Contains("/work-orders/{Id:int}", templates);
        Assert.Contains("/Identity/Account/Login", templates);

        var requests = 0;
        var problems = new List<string>();
        foreach (var user in Users.Append(null))
        {
            var (foreignFacility, foreignWorkOrder, secrets) = await ForeignAsync(user);
            var client = app.CreateBrowserlikeClient();
            if (user is not null) Assert.Equal(HttpStatusCode.Redirect, (await WebAppFactory.SignInAsync(client, user)).StatusCode);
            foreach (var url in templates.SelectMany(t => Urls(t, foreignFacility, foreignWorkOrder)).Distinct())
            {
                requests++;
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500) problems.Add($"{user ?? "anonymous"} {url}: {(int)response.StatusCode}");
                foreach (var secret in secrets.Where(s => body.Contains(WebUtility.HtmlEncode(s), StringComparison.Ordinal) || body.Contains(s, StringComparison.Ordinal)))
                {
                    problems.Add($"{user ?? "anonymous"} {url}: shows \"{secret}\" of another tenant");
                }
            }
        }

        output.WriteLine($"{templates.Count} routes, {requests} requests, {problems.Count} problems");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Route templates of every page component and every endpoint that answers GET, but static files and the circuits' hub.</summary>
    private List<string> RouteTemplates()
    {
        var pages = typeof(WorkOrders.Web.DependencyInjection).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template);
        // Razor Pages the app compiles itself; the stock Identity.UI pages are not the app's and are left out
        // here (they are counted in the output): the account pages the product keeps are its own.
        var ownPages = typeof(WorkOrders.Web.DependencyInjection).Assembly.GetCustomAttributes<RazorCompiledItemAttribute>()
            .Select(a => a.Identifier).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var all = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var stock = all.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is { } page && !ownPages.Contains(page.RelativePath)).ToList();
        output.WriteLine($"{stock.Count} stock Identity.UI page endpoints left out");
        var endpoints = all.Except(stock)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Count == 0 || methods.HttpMethods.Contains("GET"))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(t => !t.StartsWith("/_", StringComparison.Ordinal) && !Regex.IsMatch(t, @"\.(css|js|svg|png|ico|woff2?|ttf|map|gz|br|json)$|\{\*\*"));
        return pages.Concat(endpoints).Distinct(StringComparer.OrdinalIgnoreCase).Order().ToList();
    }

    /// <summary>The template with every parameter set to the foreign id and to each malformed one, plus the id-bearing query strings.</summary>
    private static IEnumerable<string> Urls(string template, int facility, int workOrder)
    {
        var parameter = new Regex(@"\{[^}]+\}");
        if (!parameter.IsMatch(template))
        {
            yield return template;
            if (template == "/work-orders") foreach (var id in MalformedIds.Append(facility.ToString(System.Globalization.CultureInfo.InvariantCulture))) yield return $"{template}?facility={id}&status=Nope&scope=x";
            if (template == "/action-items/import") foreach (var id in MalformedIds.Append(facility.ToString(System.Globalization.CultureInfo.InvariantCulture))) yield return $"{template}?facilityId={id}";
            yield break;
        }
        var foreign = template.StartsWith("/facilities", StringComparison.Ordinal) ? facility : workOrder;
        foreach (var id in MalformedIds.Append(foreign.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            yield return parameter.Replace(template, id);
        }
    }

    /// <summary>A facility and a work order the user may not see, and their names, which must never appear.</summary>
    private async Task<(int Facility, int WorkOrder, List<string> Secrets)> ForeignAsync(string? user)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var ownCompany = user == Demo.OtherCompanyAdmin ? "Coastal Petroleum" : "Prairie Fuel Co.";
        var facility = await db.Facilities.Where(f => f.Company!.Name != ownCompany).OrderBy(f => f.Id).FirstAsync();
        var workOrders = await db.WorkOrders.Where(w => w.Facility!.Company!.Name != ownCompany).OrderBy(w => w.Id).Select(w => new { w.Id, w.Title }).ToListAsync();
        var workOrderId = workOrders.Count > 0 ? workOrders[0].Id : 999_999;
        var secrets = workOrders.Select(w => w.Title).Append(facility.Name).Append(facility.Address).ToList();
        return (facility.Id, workOrderId, secrets);
    }
}
