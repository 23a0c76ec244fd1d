using System.Globalization;
using WorkOrders.Core.Common;
using WorkOrders.Core.Email;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.Core.Email;

/// <summary>Dates, times and amounts in the reader's culture: the one formatter, and the e-mails that use it.</summary>
public sealed class CultureEmailTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero); // 09:00 in Chicago

    private static EmailContent Dispatched(string? culture) => new(
        WorkOrderAction.Dispatch, "WO-000042", "Leaking nozzle", "Station 12", "Dana Brooks", null, "Morgan Avery", "Riley Chen",
        Nine, Nine.AddHours(3), "America/Chicago", "https://wo.example/work-orders/42", Culture: culture);

    [Theory]
    [InlineData(null, "Tue 12/01/2026 9:00 AM – 12:00 PM")]
    [InlineData("en-US", "Tue 12/01/2026 9:00 AM – 12:00 PM")]
    [InlineData("en-GB", "Tue 01/12/2026 09:00 – 12:00")]
    [InlineData("en-CA", "Tue 12/01/2026 9:00 a.m. – 12:00 p.m.")]
    public void DispatchEmail_RecipientsCulture_WritesTheVisitTheirWay(string? culture, string window)
    {
        var email = EmailTemplates.Render(Dispatched(culture));

        Assert.Contains(window, email.Summary, StringComparison.Ordinal);
        Assert.Contains(window, email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "12/01/2026", "USD 1,234.50")]
    [InlineData("en-GB", "01/12/2026", "USD 1,234.50")]
    [InlineData("fr-CA", "2026-12-01", "USD 1 234,50")]
    [InlineData("de-DE", "12/01/2026", "USD 1,234.50")]
    public void Formats_Culture_DateAndMoney(string culture, string date, string money)
    {
        var c = Formats.Culture(culture);

        Assert.Equal(date, Formats.Date(new DateOnly(2026, 12, 1), c));
        Assert.Equal(money, Formats.Money(1234.5m, "USD", c).Replace('\u202F', ' ').Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData("en-US", "Tuesday, December 1, 10:00 AM")]
    [InlineData("en-GB", "Tuesday, 1 December, 10:00")]
    [InlineData("fr-CA", "mardi 1 décembre, 10 h 00")]
    public void SpokenDay_Culture_ReadsAsThatLanguageSaysIt(string culture, string expected)
    {
        var c = Formats.Culture(culture);
        var tenAm = new DateTime(2026, 12, 1, 10, 0, 0);

        Assert.Equal(expected, $"{Formats.SpokenDay(tenAm, c)}, {Formats.Time(tenAm, c)}".Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData("en-US", "until Tue 12/01/2026 3:00 PM UTC", "until 12/01/2026")]
    [InlineData("en-GB", "until Tue 01/12/2026 15:00 UTC", "until 01/12/2026")]
    public void AccountEmails_AccountsCulture_WriteTheLinksEndTheirWay(string culture, string reset, string invitation)
    {
        var c = Formats.Culture(culture);
        var end = new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

        Assert.Contains(reset, WorkOrders.Core.Accounts.PasswordResetMail.Render("Dana", "https://wo.example/r", end, c).Text, StringComparison.Ordinal);
        Assert.Contains(invitation, WorkOrders.Core.Administration.InvitationEmail.Render("Dana", "Prairie Fuel Co.", "Morgan Avery", "https://wo.example/i", end, c).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Culture_UnknownOrMissing_IsEnUs()
    {
        Assert.Equal("en-US", Formats.Culture(null).Name);
        Assert.Equal("en-US", Formats.Culture("xx-YY").Name);
        Assert.Equal("en-GB", Formats.Culture("en-GB").Name);
        Assert.Same(CultureInfo.GetCultureInfo("fr-CA"), Formats.Culture("fr-CA"));
    }
}
