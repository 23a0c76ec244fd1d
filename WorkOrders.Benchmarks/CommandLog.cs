using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Records the SQL that Core sends, so a raw ADO.NET floor can run exactly the same text and parameters
/// without EF. Whatever the provider, the floor measures the same queries.
/// </summary>
public sealed class CommandLog : DbCommandInterceptor
{
    // Flows with the recorded call only: the background workers' commands (e-mail, webhooks, watches) stay out of a page's floor.
    private readonly AsyncLocal<List<RecordedCommand>?> recording = new();

    /// <summary>The commands the action sends, captured while it runs once.</summary>
    public async Task<IReadOnlyList<RecordedCommand>> RecordAsync(Func<Task> action)
    {
        var commands = new List<RecordedCommand>();
        recording.Value = commands;
        try
        {
            await action();
            return commands;
        }
        finally
        {
            recording.Value = null;
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Timings?.Add((command.CommandText, eventData.Duration));
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Timings?.Add((command.CommandText, eventData.Duration));
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>
    /// While not null, each command's text and the time it took to execute (until its reader was returned) — only the
    /// commands of the flow that set it: the e-mail sender's, on its own flow, are neither counted nor added while the
    /// list is read.
    /// </summary>
    public List<(string Sql, TimeSpan Duration)>? Timings { get => timings.Value; set => timings.Value = value; }

    private readonly AsyncLocal<List<(string Sql, TimeSpan Duration)>?> timings = new();

    private void Record(DbCommand command) =>
        recording.Value?.Add(new RecordedCommand(
            command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => new RecordedParameter(p.ParameterName, p.Value, p.DbType)).ToList()));
}

public sealed record RecordedParameter(string Name, object? Value, System.Data.DbType DbType);

public sealed record RecordedCommand(string Sql, IReadOnlyList<RecordedParameter> Parameters)
{
    /// <summary>The engine's plan for this text and these parameters (SQLite's <c>EXPLAIN QUERY PLAN</c>, PostgreSQL's <c>EXPLAIN</c>), one line per step.</summary>
    public async Task<IReadOnlyList<string>> PlanAsync(DbConnection connection)
    {
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        // PostgreSQL's plan with its planning and execution time on the server (the statement runs once more: pages only read).
        var plan = new RecordedCommand((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + Sql, Parameters);
        await using var command = plan.Create(connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(sqlite ? 3 : 0));
        return lines;
    }

    private DbCommand Create(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var p in Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = p.Name;
            parameter.Value = p.Value ?? DBNull.Value;
            parameter.DbType = p.DbType;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Steps through the rows without reading a value: what SQLite itself costs, without the reads.</summary>
    public async Task<int> StepAsync(DbConnection connection)
    {
        await using var command = Create(connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        do
        {
            while (await reader.ReadAsync()) rows++;
        } while (await reader.NextResultAsync());
        return rows;
    }

    /// <summary>Runs the command on a raw connection and reads every column of every row, as EF would.</summary>
    public async Task<int> RunAsync(DbConnection connection)
    {
        await using var command = Create(connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = 0;
        do
        {
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is not null) values++;
                }
            }
        } while (await reader.NextResultAsync());
        return values;
    }
}
