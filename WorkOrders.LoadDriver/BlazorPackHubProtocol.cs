using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace WorkOrders.LoadDriver;

/// <summary>
/// Blazor Server's hub only speaks "blazorpack": SignalR's MessagePack hub protocol under another name.
/// The server's JS-interop message changed arity between releases, so a call the client cannot bind with
/// its registered argument types is parsed again with the alternative arities before it is given up.
/// </summary>
internal sealed class BlazorPackHubProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol inner = new();
    private readonly IReadOnlyDictionary<string, Type[][]> alternatives;

    public BlazorPackHubProtocol(IReadOnlyDictionary<string, Type[][]> alternatives) => this.alternatives = alternatives;

    public string Name => "blazorpack";
    public int Version => 1;
    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => version == Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failure && alternatives.TryGetValue(failure.Target, out var candidates))
        {
            foreach (var types in candidates)
            {
                var again = before;
                if (inner.TryParseMessage(ref again, new FixedBinder(binder, failure.Target, types), out var parsed) && parsed is not InvocationBindingFailureMessage)
                {
                    input = again;
                    message = parsed;
                    break;
                }
            }
        }
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    private sealed class FixedBinder(IInvocationBinder binder, string target, Type[] types) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName == target ? types : binder.GetParameterTypes(methodName);
        public Type GetReturnType(string invocationId) => binder.GetReturnType(invocationId);
        public Type GetStreamItemType(string streamId) => binder.GetStreamItemType(streamId);
    }
}
