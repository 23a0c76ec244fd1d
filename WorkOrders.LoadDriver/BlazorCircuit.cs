using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkOrders.LoadDriver;

public sealed class CircuitOptions
{
    /// <summary>Mirror the page so elements and their handlers can be found; listeners that only count batches can turn it off.</summary>
    public bool TrackDom { get; init; } = true;

    /// <summary>How long the client waits for the server's keep-alive before it drops the connection (the browser's default is 30 s).</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// JS calls answered with an error, as a browser answers when a script or module failed to load (for example
    /// <c>import</c>): how a page behaves when its JavaScript is missing.
    /// </summary>
    public IReadOnlySet<string> FailingJSCalls { get; init; } = new HashSet<string>();
}

/// <summary>A render batch as it arrived: when (Stopwatch ticks, before it was acknowledged) and what it was.</summary>
public sealed record ReceivedBatch(long Id, long Timestamp, RenderBatch Batch);

/// <summary>
/// One interactive Blazor Server circuit driven without a browser. It does what blazor.web.js does for a page:
/// connects to <c>/_blazor</c> with the blazorpack protocol, starts the circuit, adds the page's prerendered root
/// components, acknowledges every render batch, answers the server's JS-interop calls as a browser with every module would (a JS object reference where one is
/// expected, else an empty success), and
/// dispatches browser events through the renderer's interop object.
/// </summary>
public sealed class BlazorCircuit : IAsyncDisposable
{
    private static readonly Type[] BeginInvokeJS = [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)];
    private static readonly Dictionary<string, Type[][]> Alternatives = new()
    {
        ["JS.BeginInvokeJS"] = [[typeof(long), typeof(string), typeof(string), typeof(int), typeof(long)]],
    };

    private readonly HubConnection connection;
    private readonly SignedInSession session;
    private readonly CircuitOptions options;
    private readonly object gate = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> pendingCalls = new();
    private readonly List<TaskCompletionSource> changeWaiters = [];
    private readonly TaskCompletionSource<long> rendererReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextCallId;
    private long nextJSObjectId;
    private long lastBatchId;
    private int batchCount;
    private string? error;

    private BlazorCircuit(SignedInSession session, CircuitOptions options)
    {
        this.session = session;
        this.options = options;
        Dom = options.TrackDom ? new RenderedDom() : null;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(session.BaseUri, "_blazor"), HttpTransportType.WebSockets, o =>
            {
                o.Cookies = session.Cookies;
                o.SkipNegotiation = true;
            });
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackHubProtocol(Alternatives));
        connection = builder.Build();
        connection.ServerTimeout = options.ServerTimeout;
        connection.KeepAliveInterval = TimeSpan.FromSeconds(15);

        connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        connection.On("JS.BeginInvokeJS", BeginInvokeJS, OnBeginInvokeJSAsync, this);
        connection.On<string, bool, string?>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        connection.On<string>("JS.Error", message => Fail("The circuit failed: " + message));
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.On<int, byte[]>("JS.ReceiveByteArray", (_, _) => { });
        connection.Closed += ex =>
        {
            if (!disposing) Fail("The connection closed" + (ex is null ? "." : ": " + ex.Message));
            return Task.CompletedTask;
        };
    }

    private volatile bool disposing;

    public string? CircuitId { get; private set; }
    public string Path { get; private set; } = "";
    /// <summary>The mirrored page; null when <see cref="CircuitOptions.TrackDom"/> is off.</summary>
    public RenderedDom? Dom { get; }
    public long LastBatchId { get { lock (gate) return lastBatchId; } }
    public int BatchCount { get { lock (gate) return batchCount; } }
    /// <summary>Why the circuit stopped working, if it did (a server error, a closed connection).</summary>
    public string? Error { get { lock (gate) return error; } }
    /// <summary>The identifiers of the JS functions the server called, in order (for diagnosis).</summary>
    public ConcurrentQueue<string> JSCalls { get; } = new();

    /// <summary>Raised for every render batch, on the connection's receive loop, before it is acknowledged. Keep it short.</summary>
    public event Action<ReceivedBatch>? BatchReceived;

    /// <summary>Opens <paramref name="path"/> as a browser tab of <paramref name="session"/> would and waits for its first interactive render.</summary>
    public static async Task<BlazorCircuit> StartAsync(SignedInSession session, string path, CircuitOptions? options = null, CancellationToken ct = default)
    {
        var page = await session.GetPageAsync(path, ct);
        var circuit = new BlazorCircuit(session, options ?? new CircuitOptions()) { Path = path };
        try
        {
            await circuit.ConnectAsync(page, ct);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync(PrerenderedPage page, CancellationToken ct)
    {
        if (page.ServerComponents.Count == 0) throw new InvalidOperationException($"{page.Url} has no interactive server component.");
        await connection.StartAsync(ct);
        var baseUri = session.BaseUri.ToString();
        CircuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUri, page.Url.ToString(), "[]", page.ApplicationState, ct)
                    ?? throw new InvalidOperationException("The server refused to start a circuit.");
        var firstBatch = WaitForBatchAsync(0, TimeSpan.FromSeconds(60), ct);
        await connection.SendAsync("UpdateRootComponents", page.RootComponentOperations(1), page.ApplicationState, ct);
        await firstBatch;
    }

    private async Task OnRenderBatchAsync(long id, byte[] data)
    {
        var timestamp = Stopwatch.GetTimestamp();
        var batch = new RenderBatch(id, data);
        List<TaskCompletionSource> waiters;
        string? failure = null;
        lock (gate)
        {
            try
            {
                Dom?.Apply(batch);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NullReferenceException)
            {
                failure = $"Batch {id} could not be applied to the mirrored page: {ex.Message}";
            }
            lastBatchId = id;
            batchCount++;
            waiters = [.. changeWaiters];
            changeWaiters.Clear();
        }
        BatchReceived?.Invoke(new ReceivedBatch(id, timestamp, batch));
        await connection.SendAsync("OnRenderCompleted", id, failure);
        if (failure is not null) Fail(failure);
        foreach (var w in waiters) w.TrySetResult();
    }

    private async Task OnBeginInvokeJSAsync(object?[] args, object _)
    {
        var asyncHandle = (long)args[0]!;
        var identifier = (string)args[1]!;
        JSCalls.Enqueue(identifier);
        if (identifier == "Blazor._internal.attachWebRendererInterop")
        {
            // [rendererId, {"__dotNetObject": id}, …]: events are dispatched through that object.
            var interop = JsonNode.Parse((string)args[2]!)?[1]?["__dotNetObject"];
            if (interop is not null) rendererReady.TrySetResult((long)interop);
        }
        if (asyncHandle == 0) return;
        if (options.FailingJSCalls.Contains(identifier))
        {
            var error = JsonSerializer.Serialize($"Error: {identifier} failed in the driver's page.");
            await connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, false, $"[{asyncHandle},false,{error}]");
        }
        else
        {
            await connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{ResultFor(args)}]");
        }
    }

    /// <summary>
    /// What a browser that has every module and function would answer: a call whose result the server reads as a JS object
    /// reference (an <c>import</c>, a created instance) gets a fresh reference, as blazor.web.js registers the object and
    /// returns its id; any other call an undefined result. Without a reference an <c>import</c> hands the page a null module.
    /// </summary>
    private string ResultFor(object?[] args)
    {
        const int jsObjectReference = 1; // JSCallResultType.JSObjectReference
        if (args.Length > 3 && args[3] is int resultType && resultType == jsObjectReference)
        {
            return $"{{\"__jsObjectId\":{Interlocked.Increment(ref nextJSObjectId)}}}";
        }
        return "null";
    }

    private void OnEndInvokeDotNet(string callId, bool success, string? result)
    {
        if (long.TryParse(callId, out var id) && pendingCalls.TryRemove(id, out var call))
        {
            if (success) call.TrySetResult(result);
            else call.TrySetException(new InvalidOperationException(result));
        }
    }

    private void Fail(string message)
    {
        List<TaskCompletionSource> waiters;
        lock (gate)
        {
            error ??= message;
            waiters = [.. changeWaiters];
            changeWaiters.Clear();
        }
        foreach (var w in waiters) w.TrySetResult();
        foreach (var call in pendingCalls.Values) call.TrySetException(new InvalidOperationException(message));
    }

    /// <summary>Waits until a render batch with an id above <paramref name="afterBatchId"/> has arrived; returns the last batch id.</summary>
    public async Task<long> WaitForBatchAsync(long afterBatchId, TimeSpan timeout, CancellationToken ct = default)
    {
        await WaitUntilAsync(_ => lastBatchId > afterBatchId, timeout, ct, requireDom: false);
        return LastBatchId;
    }

    /// <summary>Waits until the mirrored page satisfies <paramref name="condition"/> (checked after each batch).</summary>
    public Task WaitForAsync(Func<RenderedDom, bool> condition, TimeSpan timeout, CancellationToken ct = default) =>
        WaitUntilAsync(condition, timeout, ct, requireDom: true);

    /// <summary>Waits for the first element that matches, then returns it.</summary>
    public async Task<DomNode> FindAsync(Func<DomNode, bool> match, TimeSpan timeout, CancellationToken ct = default)
    {
        DomNode? found = null;
        await WaitForAsync(dom => (found = dom.Elements().FirstOrDefault(match)) is not null, timeout, ct);
        return found!;
    }

    private async Task WaitUntilAsync(Func<RenderedDom, bool> condition, TimeSpan timeout, CancellationToken ct, bool requireDom)
    {
        if (requireDom && Dom is null) throw new InvalidOperationException("This circuit does not mirror its page (TrackDom is off).");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            TaskCompletionSource next;
            lock (gate)
            {
                if (condition(Dom!)) return;
                if (error is not null) throw new InvalidOperationException(error);
                next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changeWaiters.Add(next);
            }
            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{Path}: the page did not reach the expected state within {timeout}.");
            try
            {
                await next.Task.WaitAsync(left, ct);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported.
            }
        }
    }

    /// <summary>
    /// Clicks an element: dispatches its "click" handler as the browser's event delegator does. Returns once the event is
    /// sent, as a browser does not wait either; the returned task completes when the server's handler has (a handler that
    /// opens a dialog and awaits it completes only when the dialog closes).
    /// </summary>
    public Task<Task> ClickAsync(DomNode element, CancellationToken ct = default) => MouseAsync(element, "click", ct);

    /// <summary>A mouse event other than a click, such as the "mousedown" that opens a MudBlazor select.</summary>
    public Task<Task> MouseAsync(DomNode element, string eventName, CancellationToken ct = default)
    {
        ulong id;
        lock (gate)
        {
            if (!element.Handlers.TryGetValue(eventName, out id)) throw new InvalidOperationException($"<{element.Name}> has no {eventName} handler.");
        }
        return DispatchEventAsync(id, eventName, new { detail = 1, screenX = 0, screenY = 0, clientX = 0, clientY = 0, offsetX = 0, offsetY = 0, pageX = 0, pageY = 0, movementX = 0, movementY = 0, button = 0, buttons = 1, ctrlKey = false, shiftKey = false, altKey = false, metaKey = false, type = eventName }, ct);
    }

    /// <summary>Types a value into an input: dispatches its "input" handler (or "change" when it has no input handler).</summary>
    public Task<Task> InputAsync(DomNode element, string value, CancellationToken ct = default)
    {
        ulong id;
        string name;
        lock (gate)
        {
            name = element.Handlers.ContainsKey("input") ? "input" : "change";
            if (!element.Handlers.TryGetValue(name, out id)) throw new InvalidOperationException($"<{element.Name}> has no input or change handler.");
        }
        return DispatchEventAsync(id, name, new { type = name, value }, ct);
    }

    /// <summary>Sends one browser event; the returned task completes when the server's handler has.</summary>
    public async Task<Task> DispatchEventAsync(ulong eventHandlerId, string eventName, object eventArgs, CancellationToken ct = default)
    {
        var interop = await rendererReady.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var callId = Interlocked.Increment(ref nextCallId);
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingCalls[callId] = done;
        var argsJson = JsonSerializer.Serialize(new object[] { new { eventHandlerId, eventName, eventFieldInfo = (object?)null }, eventArgs });
        await connection.SendAsync("BeginInvokeDotNetFromJS", callId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, "DispatchEventAsync", interop, argsJson, ct);
        return done.Task;
    }

    /// <summary>Closes the tab: tells the server to end the circuit now (as the page-unload beacon does), then disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        disposing = true;
        if (CircuitId is not null)
        {
            try
            {
                using var form = new MultipartFormDataContent { { new StringContent(CircuitId), "circuitId" } };
                using var _ = await session.Http.PostAsync("_blazor/disconnect", form);
            }
            catch (HttpRequestException)
            {
                // The server is gone; nothing to end.
            }
            catch (TaskCanceledException)
            {
                // The server is too busy to answer in time; closing the connection below ends the circuit all the same.
            }
        }
        await connection.DisposeAsync();
    }
}
