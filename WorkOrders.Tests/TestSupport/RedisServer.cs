using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// A throwaway redis-server process on a free loopback port (Debian's <c>redis-server</c>; ./test.sh installs it when
/// it can), which a test may stop and start again on the same port to play an outage.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    /// <summary><c>host:port</c> of a Redis to use instead of starting one (set by ./test.sh or CI).</summary>
    public static string? Given => Environment.GetEnvironmentVariable("WORKORDERS_TEST_REDIS") is { Length: > 0 } given ? given : null;

    /// <summary>Why Redis tests cannot run here, or null. Under CI a missing Redis fails the tests instead of skipping them.</summary>
    public static string? Missing(bool needsOwnProcess) =>
        File.Exists(Binary) || (!needsOwnProcess && Given is not null) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"redis-server is not installed at {Binary}: run ./test.sh (it installs it) or apt-get install redis-server";

    private Process? process;

    public int Port { get; } = FreePort();
    public string ConnectionString => $"127.0.0.1:{Port},connectTimeout=2000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"redis-server is not installed at {Binary}. Run ./test.sh (it installs it) or apt-get install redis-server.");
        process = Process.Start(new ProcessStartInfo(Binary, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited at start (exit code {process.ExitCode}).");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("redis-server did not listen within 10 s.");
    }

    /// <summary>Kills the process, as a crash or an operator would.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs a real Redis: skipped where none can run, except under CI, where it fails.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute(bool needsOwnProcess = false) => Skip = RedisServer.Missing(needsOwnProcess);
}
