using System.Diagnostics;
using System.Runtime;

namespace WorkOrders.Benchmarks;

/// <summary>
/// "Warm" means the JIT is done: with tiered compilation every hot method is compiled a second time (optimised) once
/// it has been called often enough, on a background thread. Three warm-up rounds left that thread busy through the
/// whole measurement — 40 % of the process's CPU in the transitions' window, charged to whichever side ran last.
/// </summary>
public static class JitWarmup
{
    /// <summary>Repeats <paramref name="round"/> until no method has been compiled for <paramref name="quiet"/> (at most <paramref name="limit"/>).</summary>
    /// <returns>Rounds run and methods compiled meanwhile.</returns>
    public static async Task<(int Rounds, long Compiled)> UntilSettledAsync(Func<Task> round, TimeSpan? quiet = null, TimeSpan? limit = null, int minRounds = 30)
    {
        var quietFor = quiet ?? TimeSpan.FromSeconds(3);
        var until = Stopwatch.StartNew();
        var start = JitInfo.GetCompiledMethodCount();
        var last = start;
        var lastChange = Stopwatch.StartNew();
        var rounds = 0;
        while (until.Elapsed < (limit ?? TimeSpan.FromSeconds(180)))
        {
            await round();
            rounds++;
            var now = JitInfo.GetCompiledMethodCount();
            if (now != last)
            {
                last = now;
                lastChange.Restart();
            }
            else if (rounds >= minRounds && lastChange.Elapsed >= quietFor) break;
        }
        return (rounds, last - start);
    }

    public static long Compiled => JitInfo.GetCompiledMethodCount();
}
