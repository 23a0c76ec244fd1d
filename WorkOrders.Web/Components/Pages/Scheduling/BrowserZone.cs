using Microsoft.JSInterop;
using WorkOrders.Core.Facilities;

namespace WorkOrders.Web.Components.Pages.Scheduling;

/// <summary>The browser's IANA time zone, or null when it is unknown to the server or cannot be asked.</summary>
public static class BrowserZone
{
    public static async Task<string?> GetAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", "./js/timezone.js");
            if (module is null) return null;
            var zone = await module.InvokeAsync<string?>("zone");
            return zone is not null && TimeZones.IsKnown(zone) ? zone : null;
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }
}
