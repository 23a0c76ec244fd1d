using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.Core.Notifications;

public sealed class EmailTemplatesTests
{
    public static TheoryData<WorkOrderAction> Events => new(NotificationRules.NotifiedEvents);

    [Theory]
    [MemberData(nameof(Events))]
    public void Render_EveryNotifiedEvent_MentionsNumberTitleFacilityActorCommentAndLink(WorkOrderAction action)
    {
        var start = new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
        var content = new EmailContent(action, "WO-000042", "Spill bucket <UST 2>", "Station 12", "Morgan Avery", "Too \"expensive\"",
            "Morgan Avery", "Luis Ortega", start, start.AddHours(2), "America/Chicago", "https://wo.example/work-orders/42", "https://wo.example/notifications/preferences");

        var email = EmailTemplates.Render(content);

        Assert.Contains("WO-000042", email.Subject);
        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("Station 12", body);
            Assert.Contains("Morgan Avery", body);
            Assert.Contains("https://wo.example/work-orders/42", body);
            Assert.Contains("https://wo.example/notifications/preferences", body);
        }
        Assert.Contains("Spill bucket <UST 2>", email.Text);
        Assert.Contains("Spill bucket &lt;UST 2&gt;", email.Html);
        Assert.Contains("Too \"expensive\"", email.Text);
        Assert.Contains("Too &quot;expensive&quot;", email.Html);
        Assert.DoesNotContain("<UST 2>", email.Html);
    }

    [Fact]
    public void Render_DenyWithReason_LabelledAsReason()
    {
        var content = new EmailContent(WorkOrderAction.Deny, "WO-000007", "Hose", "Station 7", "Morgan Avery", "Get a second quote.",
            null, null, null, null, "America/Denver", "https://wo.example/work-orders/7");

        var email = EmailTemplates.Render(content);

        Assert.Equal("WO-000007 denied", email.Subject);
        Assert.Contains("Reason: Get a second quote.", email.Text);
    }
}
