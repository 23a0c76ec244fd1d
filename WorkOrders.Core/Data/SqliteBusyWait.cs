using System.Data.Common;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkOrders.Core.Data;

/// <summary>
/// How a SQLite connection waits when another one — the e-mail sender saving an outcome, say — holds the database's
/// single write lock. SQLite's own wait (<c>PRAGMA busy_timeout</c>) sleeps 1, 2, 5, 10, 15 … ms between tries, so a
/// lock held for a millisecond (one commit) cost the waiter 3 ms or more; this one gives the core away first, then
/// looks again after a tenth of the time it has waited so far (at least 50 µs, at most 1 ms: it oversleeps the lock's
/// release by at most about a tenth, without waking thousands of times during a long wait), and gives up after 30 s
/// as the pragma did. Without any handler Microsoft.Data.Sqlite
/// retries a busy write only after a pause of its own far longer than such a lock is held.
/// </summary>
/// <remarks>
/// The handler belongs to SQLite's connection, which the pool keeps open across many opens of the ADO.NET
/// connection; setting it is a native call, not a command, so it is set on every open. Where the native library
/// is not SQLite's bundled e_sqlite3 (another provider package) the connection falls back to <c>PRAGMA busy_timeout</c>.
/// </remarks>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private const int YieldsFirst = 20;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr state, int tries);

    // Kept in a static field: the native library holds a pointer to it for as long as the process runs.
    private static readonly BusyHandler Handler = OnBusy;
    private static readonly IntPtr HandlerPointer = Marshal.GetFunctionPointerForDelegate(Handler);
    private static bool nativeMissing;

    [ThreadStatic] private static long waitStarted;
    private static long waits, waitedTicks;

    /// <summary>Times a connection found the write lock held, since the process started (the benchmarks print it).</summary>
    public static long Waits => Interlocked.Read(ref waits);

    /// <summary>Time spent waiting for the write lock, since the process started.</summary>
    public static TimeSpan Waited => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref waitedTicks));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Install(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Install(connection);
        return Task.CompletedTask;
    }

    /// <summary>Sets the wait on an open SQLite connection (any other connection is left as it is).</summary>
    public static void Install(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite) return;
        if (!nativeMissing)
        {
            try
            {
                if (sqlite3_busy_handler(handle.DangerousGetHandle(), HandlerPointer, IntPtr.Zero) == 0) return;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                nativeMissing = true;
            }
        }
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(int)GiveUpAfter.TotalMilliseconds};";
        command.ExecuteNonQuery();
    }

    /// <returns>Non-zero: try again; zero: give up (the statement fails with SQLITE_BUSY).</returns>
    private static int OnBusy(IntPtr state, int tries)
    {
        var start = Stopwatch.GetTimestamp();
        if (tries == 0)
        {
            waitStarted = start;
            Interlocked.Increment(ref waits);
        }
        else if (Stopwatch.GetElapsedTime(waitStarted, start) > GiveUpAfter) return 0;
        // The holder is usually this process's other thread, mid-commit: first let it have the core, then look again finely.
        if (tries < YieldsFirst) Thread.Yield();
        else Pause(Math.Clamp(Stopwatch.GetElapsedTime(waitStarted, start).TotalMicroseconds / 10, 50, 1000));
        Interlocked.Add(ref waitedTicks, Stopwatch.GetTimestamp() - start);
        return 1;
    }

    private static void Pause(double microseconds)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) usleep((uint)microseconds);
        else Thread.Sleep(1);
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(IntPtr db, IntPtr handler, IntPtr state);

    [DllImport("libc", SetLastError = false)]
    private static extern int usleep(uint microseconds);
}
