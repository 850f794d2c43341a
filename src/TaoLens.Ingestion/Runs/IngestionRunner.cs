using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaoLens.Data;
using TaoLens.Data.Ingestion;

namespace TaoLens.Ingestion.Runs;

public enum RunOutcome
{
    Succeeded,
    Failed,

    /// <summary>Another TaoLens instance holds this source's lock; nothing was done.</summary>
    Skipped,
}

public sealed record RunResult(RunOutcome Outcome, int RowsWritten, string? Error);

/// <summary>
/// Runs one source once: takes the source's PostgreSQL advisory lock (so only one instance of TaoLens runs a
/// source at a time), records the run, fetches, and writes everything in one transaction.
/// </summary>
public sealed class IngestionRunner(NpgsqlDataSource dataSource, IDbContextFactory<TaoLensDbContext> contexts, TimeProvider time, ILogger<IngestionRunner> logger)
{
    public Task<RunResult> RunLatestAsync(IIngestionSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunLockedAsync(source.Name, null, source.FetchLatestAsync, cancellationToken);
    }

    /// <summary>Loads one UTC day of history; the run is recorded with its day so a backfill can resume.</summary>
    public Task<RunResult> RunDayAsync(IIngestionSource source, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return RunLockedAsync(source.Name, midnight, ct => source.FetchDayAsync(day, ct)
            ?? throw new InvalidOperationException($"{source.Name} has no history to backfill."), cancellationToken);
    }

    /// <summary>The days in [from, to] that a backfill of this source has already loaded.</summary>
    public async Task<HashSet<DateOnly>> CompletedDaysAsync(string source, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var days = await db.IngestionRuns
            .Where(r => r.Source == source && r.Status == IngestionRunStatus.Succeeded && r.BackfillDay >= start && r.BackfillDay <= end)
            .Select(r => r.BackfillDay!.Value)
            .ToListAsync(cancellationToken);
        return days.Select(d => DateOnly.FromDateTime(d.UtcDateTime)).ToHashSet();
    }

    private async Task<RunResult> RunLockedAsync(string sourceName, DateTimeOffset? backfillDay, Func<CancellationToken, Task<IngestionBatch>> fetch, CancellationToken cancellationToken)
    {
        // The lock lives as long as this session; if the process dies, PostgreSQL releases it with the connection.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(lockConnection, "SELECT pg_try_advisory_lock(hashtextextended('taolens.ingest.' || $1, 0))", cancellationToken, sourceName))
        {
            logger.LogInformation("Skipping {Source}: another instance is running it", sourceName);
            return new RunResult(RunOutcome.Skipped, 0, null);
        }

        try
        {
            // Holding the lock, any run of this source still marked running belongs to a process that died.
            await ScalarAsync<int>(lockConnection, """
                WITH interrupted AS (
                    UPDATE ingestion_runs SET status = 'Failed', finished_at = $2,
                        error = 'interrupted: the process ended before the run finished; nothing from it was written'
                    WHERE source = $1 AND status = 'Running' RETURNING 1)
                SELECT count(*)::int FROM interrupted
                """, cancellationToken, sourceName, time.GetUtcNow());
            var runId = await ScalarAsync<long>(lockConnection,
                "INSERT INTO ingestion_runs (source, started_at, status, rows_written, backfill_day) VALUES ($1, $2, 'Running', 0, $3) RETURNING id",
                cancellationToken, sourceName, time.GetUtcNow(), (object?)backfillDay ?? DBNull.Value);

            RunResult result;
            try
            {
                var batch = await fetch(cancellationToken);
                var rows = await WriteAsync(batch, cancellationToken);
                result = new RunResult(RunOutcome.Succeeded, rows, null);
                logger.LogInformation("{Source}: {Rows} rows written", sourceName, rows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new RunResult(RunOutcome.Failed, 0, Describe(ex));
                // A source being down or sending bad data is expected; the message says it all, the stack trace is for debugging.
                logger.LogWarning("{Source} failed: {Error}", sourceName, result.Error);
                logger.LogDebug(ex, "{Source} failure detail", sourceName);
            }
            catch (OperationCanceledException)
            {
                await FinishAsync(lockConnection, runId, new RunResult(RunOutcome.Failed, 0, "cancelled: the run was stopped; nothing from it was written"), CancellationToken.None);
                throw;
            }

            await FinishAsync(lockConnection, runId, result, CancellationToken.None);
            return result;
        }
        finally
        {
            await ScalarAsync<bool>(lockConnection, "SELECT pg_advisory_unlock(hashtextextended('taolens.ingest.' || $1, 0))", CancellationToken.None, sourceName);
        }
    }

    private async Task<int> WriteAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await batch.WriteAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private async Task FinishAsync(NpgsqlConnection connection, long runId, RunResult result, CancellationToken cancellationToken)
    {
        var error = result.Error is { Length: > IngestionRun.ErrorMaxLength } text ? text[..IngestionRun.ErrorMaxLength] : result.Error;
        await ScalarAsync<int>(connection, """
            WITH done AS (UPDATE ingestion_runs SET status = $2, finished_at = $3, rows_written = $4, error = $5 WHERE id = $1 RETURNING 1)
            SELECT count(*)::int FROM done
            """, cancellationToken,
            runId, result.Outcome == RunOutcome.Succeeded ? "Succeeded" : "Failed", time.GetUtcNow(), result.RowsWritten, (object?)error ?? DBNull.Value);
    }

    // Exceptions from resilience and HTTP carry their own clear messages; keep the chain short and on one line.
    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null && parts.Count < 3; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" <- ", parts).ReplaceLineEndings(" ");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
