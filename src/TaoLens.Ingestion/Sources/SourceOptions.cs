namespace TaoLens.Ingestion.Sources;

/// <summary>What every source has: section <c>Sources:&lt;Name&gt;</c> with <c>Enabled</c>, <c>Interval</c> and <c>Resilience</c>.</summary>
public abstract class SourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Time between the starts of two scheduled runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Days of history the worker loads on its first run after start-up (yesterday and the days before it), skipping
    /// days a backfill already loaded: an empty or old database fills itself without an operator. 0 turns it off.
    /// </summary>
    public int BackfillDays { get; set; } = 90;

    /// <summary>The largest response body the source's client reads (HttpClient.MaxResponseContentBufferSize); more is refused.</summary>
    public long MaxResponseBytes { get; set; } = 32 * 1024 * 1024;

    public ResilienceSettings Resilience { get; set; } = new();
}

/// <summary>The one resilience handler of a source's HTTP client (and of the chain's WebSocket calls).</summary>
public sealed class ResilienceSettings
{
    /// <summary>Longest a single attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest a call may take, all retries and the whole body included (the HttpClient's own timeout).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(120);

    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; later ones grow exponentially with jitter. A Retry-After header wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of failed calls within <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 4;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Section <c>Sources:Subtensor</c>: the chain node, JSON-RPC over ws(s):// or http(s)://.</summary>
public sealed class SubtensorOptions : SourceOptions
{
    public const string Section = "Sources:Subtensor";

    // get_all_dynamic_info on a few hundred subnets is large; this still stops a runaway answer.
    // Backfill (with an archive node only) defaults to 30 days, the metrics' longest window (docs/metrics.md): 120 sampled
    // snapshots, each after a block search of a few dozen calls; a third of what 90 days would ask of a shared public node.
    public SubtensorOptions()
    {
        MaxResponseBytes = 64 * 1024 * 1024;
        BackfillDays = 30;
    }

    /// <summary>The node for the latest snapshot; a full node keeps only recent state.</summary>
    public Uri Url { get; set; } = new("wss://entrypoint-finney.opentensor.ai:443");

    /// <summary>
    /// An archive node (e.g. <c>wss://archive.chain.opentensor.ai:443</c>) for history: the worker's backfill and
    /// <c>ingest chain --from</c> read past blocks from it. Unset, the worker does not backfill the chain, and
    /// <c>ingest chain --from</c> reads <see cref="Url"/>.
    /// </summary>
    public Uri? ArchiveUrl { get; set; }
}

/// <summary>Section <c>Sources:Taostats</c>; off without an API key.</summary>
public sealed class TaostatsOptions : SourceOptions
{
    public const string Section = "Sources:Taostats";

    public Uri BaseUrl { get; set; } = new("https://api.taostats.io/");
    public string? ApiKey { get; set; }
}

/// <summary>Section <c>Sources:CoinGecko</c>; works without a key, a demo or pro key is optional.</summary>
public sealed class CoinGeckoOptions : SourceOptions
{
    public const string Section = "Sources:CoinGecko";

    public Uri BaseUrl { get; set; } = new("https://api.coingecko.com/api/v3/");
    public string? ApiKey { get; set; }
}

/// <summary>Section <c>Sources:Chutes</c>: Chutes (SN64) public daily revenue summary.</summary>
public sealed class ChutesOptions : SourceOptions
{
    public const string Section = "Sources:Chutes";

    public Uri BaseUrl { get; set; } = new("https://api.chutes.ai/");
}
