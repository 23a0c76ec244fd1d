using System.Buffers.Binary;
using System.Text;

namespace WorkOrders.LoadDriver;

/// <summary>
/// Reads the binary render batch the server sends (the layout blazor.web.js reads): fixed-size edits and
/// frames, offsets at the end, strings in a table. Only what a headless client needs is exposed.
/// </summary>
public sealed class RenderBatch
{
    private const int FrameSize = 20;
    private const int EditSize = 16;
    private readonly byte[] data;
    private readonly int stringTable;
    private readonly int referenceFrames;

    public RenderBatch(long id, byte[] data)
    {
        Id = id;
        this.data = data;
        var end = data.Length;
        var updated = Int(end - 20);
        referenceFrames = Int(end - 16);
        var disposedComponents = Int(end - 12);
        var disposedHandlers = Int(end - 8);
        stringTable = Int(end - 4);

        var diffs = new List<ComponentDiff>();
        for (int i = 0, count = Int(updated); i < count; i++)
        {
            var at = Int(updated + 4 + 4 * i);
            var edits = new List<Edit>();
            for (int e = 0, editCount = Int(at + 4); e < editCount; e++)
            {
                var p = at + 8 + EditSize * e;
                edits.Add(new Edit((EditType)Int(p), Int(p + 4), Int(p + 8), String(Int(p + 12))));
            }
            diffs.Add(new ComponentDiff(Int(at), edits));
        }
        Diffs = diffs;
        FrameCount = Int(referenceFrames);
        DisposedComponentIds = Enumerable.Range(0, Int(disposedComponents)).Select(i => Int(disposedComponents + 4 + 4 * i)).ToList();
        DisposedEventHandlerIds = Enumerable.Range(0, Int(disposedHandlers))
            .Select(i => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(disposedHandlers + 4 + 8 * i))).ToList();
    }

    public long Id { get; }
    public int ByteLength => data.Length;
    public IReadOnlyList<ComponentDiff> Diffs { get; }
    public int FrameCount { get; }
    public IReadOnlyList<int> DisposedComponentIds { get; }
    public IReadOnlyList<ulong> DisposedEventHandlerIds { get; }

    /// <summary>Whether a string (text, markup or attribute value) this batch carries contains <paramref name="text"/>; cheap, for listeners.</summary>
    public bool Mentions(string text) => data.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public Frame FrameAt(int index)
    {
        var p = referenceFrames + 4 + FrameSize * index;
        var type = (FrameType)Int(p);
        return type switch
        {
            FrameType.Element => new Frame(type, Int(p + 4), String(Int(p + 8)), null, 0, 0),
            FrameType.Text or FrameType.Markup => new Frame(type, 0, null, String(Int(p + 4)), 0, 0),
            FrameType.Attribute => new Frame(type, 0, String(Int(p + 4)), String(Int(p + 8)), BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(p + 12)), 0),
            FrameType.Component => new Frame(type, Int(p + 4), null, null, 0, Int(p + 8)),
            FrameType.Region => new Frame(type, Int(p + 4), null, null, 0, 0),
            _ => new Frame(type, 0, null, null, 0, 0),
        };
    }

    private int Int(int offset) => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset));

    private string? String(int index)
    {
        if (index < 0) return null;
        var at = Int(stringTable + 4 * index);
        // A .NET BinaryWriter string: 7-bit encoded length, then UTF-8.
        int length = 0, shift = 0;
        byte b;
        do
        {
            b = data[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return Encoding.UTF8.GetString(data, at, length);
    }
}

public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);

/// <summary>One edit; <see cref="ReferenceFrameIndex"/> is also the move target of a permutation entry.</summary>
public sealed record Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

/// <summary>One frame; Name is the element or attribute name, Value the text, markup or attribute value.</summary>
public sealed record Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

public enum FrameType { None = 0, Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, ComponentReferenceCapture = 7, Markup = 8, ComponentRenderMode = 9, NamedEvent = 10 }

public enum EditType { PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10 }
