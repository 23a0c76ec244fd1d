using System.Text;
using System.Text.RegularExpressions;

namespace WorkOrders.LoadDriver;

/// <summary>A node of the mirrored page: an element, a text, a markup block, or a component's place.</summary>
public sealed class DomNode
{
    internal DomNode(FrameType kind) => Kind = kind;

    public FrameType Kind { get; }
    public string? Name { get; internal set; }
    public string? Text { get; internal set; }
    public int ComponentId { get; internal set; }
    public DomNode? Parent { get; internal set; }
    public List<DomNode> Children { get; } = [];
    public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);
    /// <summary>Event name ("click", "input") → the handler id the server gave it.</summary>
    public Dictionary<string, ulong> Handlers { get; } = new(StringComparer.Ordinal);

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    /// <summary>The visible text under this node, markup stripped, whitespace collapsed.</summary>
    public string InnerText
    {
        get
        {
            var text = new StringBuilder();
            Collect(this, text);
            return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
        }
    }

    public IEnumerable<DomNode> Descendants()
    {
        foreach (var child in Children)
        {
            yield return child;
            foreach (var d in child.Descendants()) yield return d;
        }
    }

    private static void Collect(DomNode node, StringBuilder text)
    {
        switch (node.Kind)
        {
            case FrameType.Text: text.Append(node.Text); break;
            case FrameType.Markup: text.Append(' ').Append(Regex.Replace(node.Text ?? "", "<[^>]*>", " ")).Append(' '); break;
            default:
                foreach (var child in node.Children) Collect(child, text);
                break;
        }
    }
}

/// <summary>
/// Applies render batches to a mirror of the page, as blazor.web.js applies them to the DOM, so that a headless
/// client can find an element by its text or attributes and the id of its event handler.
/// </summary>
public sealed class RenderedDom
{
    private readonly Dictionary<int, DomNode> components = [];

    /// <summary>The root components' places (the circuit's roots).</summary>
    public IEnumerable<DomNode> Roots => components.Values.Where(c => c.Parent is null);

    public IEnumerable<DomNode> Elements() =>
        Roots.SelectMany(r => r.Descendants()).Where(n => n.Kind == FrameType.Element);

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs) ApplyDiff(batch, diff);
        foreach (var id in batch.DisposedComponentIds) components.Remove(id);
    }

    private DomNode Component(int id)
    {
        if (!components.TryGetValue(id, out var node))
        {
            node = new DomNode(FrameType.Component) { ComponentId = id };
            components[id] = node;
        }
        return node;
    }

    private void ApplyDiff(RenderBatch batch, ComponentDiff diff)
    {
        var parent = Component(diff.ComponentId);
        var permutations = new List<(int From, int To)>();
        foreach (var edit in diff.Edits)
        {
            // A component's own nodes start at index 0 of its place, so sibling indexes are direct at every depth.
            var index = edit.SiblingIndex;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    Insert(batch, parent, index, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    parent.Children.RemoveAt(index);
                    break;
                case EditType.SetAttribute:
                    SetAttribute(parent.Children[index], batch.FrameAt(edit.ReferenceFrameIndex));
                    break;
                case EditType.RemoveAttribute:
                    var element = parent.Children[index];
                    var name = edit.RemovedAttributeName ?? "";
                    element.Attributes.Remove(name);
                    if (name.StartsWith("on", StringComparison.Ordinal)) element.Handlers.Remove(name[2..]);
                    break;
                case EditType.UpdateText:
                case EditType.UpdateMarkup:
                    parent.Children[index].Text = batch.FrameAt(edit.ReferenceFrameIndex).Value;
                    break;
                case EditType.StepIn:
                    parent = parent.Children[index];
                    break;
                case EditType.StepOut:
                    parent = parent.Parent!;
                    break;
                case EditType.PermutationListEntry:
                    permutations.Add((index, edit.ReferenceFrameIndex));
                    break;
                case EditType.PermutationListEnd:
                    var moved = permutations.Select(p => (p.To, Node: parent.Children[p.From])).ToList();
                    foreach (var (to, node) in moved) parent.Children[to] = node;
                    permutations.Clear();
                    break;
            }
        }
    }

    /// <summary>Inserts the frame at <paramref name="frameIndex"/>; returns how many sibling nodes it became.</summary>
    private int Insert(RenderBatch batch, DomNode parent, int at, int frameIndex)
    {
        var frame = batch.FrameAt(frameIndex);
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new DomNode(FrameType.Element) { Name = frame.Name, Parent = parent };
                parent.Children.Insert(at, element);
                var end = frameIndex + frame.SubtreeLength;
                var i = frameIndex + 1;
                for (; i < end; i++)
                {
                    var child = batch.FrameAt(i);
                    if (child.Type != FrameType.Attribute) break;
                    SetAttribute(element, child);
                }
                InsertRange(batch, element, 0, i, end);
                return 1;
            case FrameType.Text:
            case FrameType.Markup:
                parent.Children.Insert(at, new DomNode(frame.Type) { Text = frame.Value, Parent = parent });
                return 1;
            case FrameType.Component:
                var place = Component(frame.ComponentId);
                place.Parent = parent;
                parent.Children.Insert(at, place);
                return 1;
            case FrameType.Region:
                return InsertRange(batch, parent, at, frameIndex + 1, frameIndex + frame.SubtreeLength);
            default:
                return 0;
        }
    }

    private int InsertRange(RenderBatch batch, DomNode parent, int at, int start, int endExclusive)
    {
        var inserted = 0;
        for (var i = start; i < endExclusive; i++)
        {
            var frame = batch.FrameAt(i);
            inserted += Insert(batch, parent, at + inserted, i);
            if (frame.Type is FrameType.Element or FrameType.Component or FrameType.Region) i += frame.SubtreeLength - 1;
        }
        return inserted;
    }

    private static void SetAttribute(DomNode element, Frame attribute)
    {
        var name = attribute.Name ?? "";
        if (attribute.EventHandlerId != 0 && name.StartsWith("on", StringComparison.Ordinal))
        {
            element.Handlers[name[2..]] = attribute.EventHandlerId;
            return;
        }
        element.Attributes[name] = attribute.Value;
    }
}
