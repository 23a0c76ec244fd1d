using System.Text.RegularExpressions;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>docs/product.md is the one description of the rules: its lifecycle diagram cannot drift from the table.</summary>
public sealed partial class ProductDocumentTests
{
    private const string Start = "<!-- lifecycle-diagram:start -->";
    private const string End = "<!-- lifecycle-diagram:end -->";

    [Fact]
    public void ProductDocument_LifecycleDiagram_MatchesTheTable()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "product.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var fresh = Start + "\n```mermaid\n" + LifecycleGraph.Mermaid() + "```\n" + End;
        var current = DiagramBlock().Match(text);
        Assert.True(current.Success, $"docs/product.md has no block between {Start} and {End}.");

        if (current.Value != fresh && Environment.GetEnvironmentVariable("UPDATE_PRODUCT_DOC") == "1")
        {
            // scripts/update-lifecycle-diagram.sh: rewrite the block from the table instead of failing.
            File.WriteAllText(path, text.Replace(current.Value, fresh));
            return;
        }
        Assert.True(current.Value == fresh,
            "docs/product.md's lifecycle diagram differs from WorkOrderLifecycle.Rules. Run scripts/update-lifecycle-diagram.sh or paste:\n\n" + fresh);
    }

    [Theory]
    [InlineData(WorkOrderStatus.Draft, WorkOrderAction.Submit, WorkOrderStatus.Submitted, "the creator")]
    [InlineData(WorkOrderStatus.Denied, WorkOrderAction.Reset, WorkOrderStatus.Draft, "the submitter")]
    public void Mermaid_EveryRule_IsOneLabelledArrow(WorkOrderStatus from, WorkOrderAction action, WorkOrderStatus to, string who)
    {
        var lines = LifecycleGraph.Mermaid().Split('\n');

        Assert.Single(lines, l => l.Trim() == $"{from} --> {to}: {action} ({who})");
        Assert.Equal(WorkOrderLifecycle.Rules.Count, lines.Count(l => l.Contains("-->") && !l.Contains("[*]")));
    }

    [Fact]
    public void Mermaid_StatusesNothingLeaves_AreEnds()
    {
        var mermaid = LifecycleGraph.Mermaid();

        Assert.Equal([WorkOrderStatus.Resolved, WorkOrderStatus.Closed], LifecycleGraph.Ends);
        Assert.Contains("Resolved --> [*]", mermaid);
        Assert.DoesNotContain("Denied --> [*]", mermaid);
    }

    [Fact]
    public void Repository_CodeAndDocs_CiteNoOutsideSpecification()
    {
        var root = RepositoryRoot();
        var offenders = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".razor") || f.EndsWith(".md") || f.EndsWith(".sh"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}TestResults{Path.DirectorySeparatorChar}") && !f.EndsWith(nameof(ProductDocumentTests) + ".cs"))
            .Where(f => SpecCitation().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkOrders.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- lifecycle-diagram:start -->.*?<!-- lifecycle-diagram:end -->", RegexOptions.Singleline)]
    private static partial Regex DiagramBlock();

    [GeneratedRegex(@"\bSPEC\b|specification \(§|the specification was silent")]
    private static partial Regex SpecCitation();
}
