using Microsoft.Extensions.Options;
using WorkOrders.Core.Email;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Email;

public abstract class EmailOptionsTests : DatabaseTest
{
    [Theory]
    [InlineData("Email:FromAddress", "not an address")]
    [InlineData("Email:Port", "0")]
    [InlineData("Email:MaxRetryDelay", "00:00:10")]
    [InlineData("Email:UserName", "mailer")]
    public async Task Start_InvalidEmailSetting_Refused(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartCoreAsync(seedDemoData: false, settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key.Split(':')[1], string.Join(" ", error.Failures), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_DefaultSettings_PickupFolderUnderTheDataFolder()
    {
        await using var host = await StartCoreAsync(seedDemoData: false);

        Assert.False(host.Get<IOptions<EmailOptions>>().Value.UsesSmtp);
        Assert.IsType<PickupFolderTransport>(host.Get<IMailTransport>());
        Assert.Equal(Path.Combine(host.Folder, "mail-pickup"), host.Get<MailPickupFolder>().Path);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void RetryDelay_DoublesFromTheBaseUpToTheMaximum(int attempts, int minutes)
    {
        var options = new EmailOptions { BaseRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromMinutes(minutes), options.RetryDelay(attempts));
    }

    public sealed class OnSqlite : EmailOptionsTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : EmailOptionsTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
