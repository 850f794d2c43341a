using TaoLens.Data;

namespace TaoLens.Ingestion.Runs;

/// <summary>
/// One source of data. A run is two phases: fetch (network and validation, nothing written) and write (one
/// transaction). A failure in either leaves the database as it was.
/// </summary>
public interface IIngestionSource
{
    /// <summary>The name used in ingestion runs, the advisory lock, the CLI (<c>ingest &lt;name&gt;</c>) and the status page.</summary>
    string Name { get; }

    bool Enabled { get; }

    /// <summary>Why the source is off, when it is (e.g. "no API key").</summary>
    string? DisabledReason { get; }

    TimeSpan Interval { get; }

    /// <summary>Fetches and validates the latest data.</summary>
    Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken);

    /// <summary>Fetches and validates one UTC day of history, for backfill; null when the source has no history.</summary>
    Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>
    /// How many days before today the worker backfills on its first run, skipping days already loaded
    /// (<c>Sources:&lt;Name&gt;:BackfillDays</c>); 0 for none.
    /// </summary>
    int BackfillDays => 0;

    /// <summary>Why the worker does not backfill this source by itself when that needs saying (no archive node, say); else null.</summary>
    string? NoBackfillReason => null;
}

/// <summary>Validated rows, ready to write inside the run's transaction.</summary>
public abstract class IngestionBatch
{
    /// <summary>Writes the rows; returns how many were inserted or changed.</summary>
    public abstract Task<int> WriteAsync(TaoLensDbContext db, CancellationToken cancellationToken);
}
