using System.Text.RegularExpressions;
using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>Each action's facts live in its record beside the lifecycle table, and nowhere else.</summary>
public sealed class LifecycleActionsTests
{
    public static TheoryData<WorkOrderAction> Actions => new(Enum.GetValues<WorkOrderAction>());

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryAction_HasExactlyOneRecord(WorkOrderAction action) =>
        Assert.Single(LifecycleActions.All, f => f.Action == action);

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryAction_RecordIsComplete_ForItsForm(WorkOrderAction action)
    {
        var facts = LifecycleActions.Of(action);
        Assert.All(new[] { facts.Verb, facts.Past, facts.ButtonLabel, facts.HistoryLabel, facts.Icon, facts.InputName }, Assert.NotEmpty);
        if (facts.Form == ActionForm.Editor) return;
        Assert.NotNull(facts.Run);
        Assert.NotNull(facts.Dialog);
        Assert.NotEmpty(facts.Dialog!.Title);
        Assert.NotEmpty(facts.Dialog.Confirm);
        Assert.False(facts.Dialog.TextRequired && facts.Dialog.TextLabel is null, "a required text needs a label");
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryNotifiedAction_EmailSubjectAndSummary_ComeFromItsRecord(WorkOrderAction action)
    {
        var notice = LifecycleActions.Of(action).Notice;
        if (notice is null)
        {
            Assert.DoesNotContain(action, NotificationRules.NotifiedEvents);
            return;
        }
        var content = new EmailContent(action, "WO-000042", "Spill bucket", "Wichita", "Dana Brooks", null, "Morgan Avery", "Luis Ortega",
            null, null, "UTC", "https://example.test/work-orders/42", ProviderName: "Summit Tank");
        var email = EmailTemplates.Render(content);
        Assert.Equal(notice.Subject(content), email.Subject);
        Assert.Equal(notice.Summary(content), email.Summary);
        Assert.Contains("WO-000042", email.Subject);
        Assert.Equal(notice.PreferenceLabel, NotificationService.Describe(action));
    }

    /// <summary>
    /// A switch (or an "is A or B" set) over actions outside the records file is a second place that must learn of a new
    /// action: the records are where it belongs.
    /// </summary>
    [Fact]
    public void Sources_HaveNoSwitchOverActions_OutsideTheRecordsFile()
    {
        var pattern = new Regex(@"case\s+WorkOrderAction\.|WorkOrderAction\.\w+\s*=>|(is|or)\s+WorkOrderAction\.\w+\s+or\s", RegexOptions.Compiled);
        var root = RepositoryRoot();
        var offenders = new[] { "WorkOrders.Core", "WorkOrders.Web" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) != "LifecycleActions.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => pattern.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Read the action's record instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void ScanPattern_FindsASwitchArm()
    {
        // The scan above must be able to fail: the shapes it looks for are the ones the code used before the records.
        var pattern = new Regex(@"case\s+WorkOrderAction\.|WorkOrderAction\.\w+\s*=>|(is|or)\s+WorkOrderAction\.\w+\s+or\s");
        Assert.Matches(pattern, "        WorkOrderAction.Deny => \"Deny\",");
        Assert.Matches(pattern, "            case WorkOrderAction.Submit: return");
        Assert.Matches(pattern, "action is WorkOrderAction.Deny or WorkOrderAction.Close");
        Assert.DoesNotMatch(pattern, "if (action == WorkOrderAction.Resolve)");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkOrders.sln not found above " + AppContext.BaseDirectory);
    }
}
